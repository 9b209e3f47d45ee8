using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// What <see cref="GuardedChatClient"/> does for chat, for an embedding model: failures name the model, never the key.
/// It owns the model's HTTP client and disposes it with itself.
/// </summary>
internal sealed class GuardedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string name, ModelEntry model, HttpClient http)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            http.Dispose();
        }
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw ModelFailures.Translate(error, name, model);
        }
    }
}
