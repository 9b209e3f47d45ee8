using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Search;

/// <summary>
/// Which embedder made a set of vectors: "provider/model" from the generator's metadata, and the
/// dimension. Vectors of two identities are never mixed: a change means re-embedding everything.
/// </summary>
public sealed record EmbedderIdentity(string Id, int Dimensions)
{
    public static EmbedderIdentity Default { get; } =
        new($"{HashingEmbeddingGenerator.ProviderName}/{HashingEmbeddingGenerator.ModelName}", HashingEmbeddingGenerator.DefaultDimensions);

    /// <summary>
    /// Reads the identity from <see cref="EmbeddingGeneratorMetadata"/>; when the generator does not
    /// state its dimension, one probe text is embedded to learn it.
    /// </summary>
    public static async Task<EmbedderIdentity> OfAsync(IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var id = $"{metadata?.ProviderName ?? generator.GetType().Name}/{metadata?.DefaultModelId ?? "default"}";
        var dimensions = metadata?.DefaultModelDimensions;
        if (dimensions is null or <= 0)
        {
            var probe = await generator.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken).ConfigureAwait(false);
            dimensions = probe[0].Vector.Length;
        }

        return new EmbedderIdentity(id, dimensions.Value);
    }

    public override string ToString() => $"{Id} ({Dimensions} dimensions)";
}
