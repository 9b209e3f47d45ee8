using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Search;

/// <summary>
/// The offline default embedder: no model, no network. Features (tokens from the full-text
/// tokenizer, so folding matches) are hashed with a sign into <see cref="Dimensions"/> buckets:
/// word unigrams (weight 1), word bigrams (0.5) and the character 3- and 4-grams of each word
/// padded with '&lt;' '&gt;' (together 0.6 of a word's energy, so "indexes" lands near "indexing").
/// The vector is L2-normalised. Deterministic across processes and machines.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "chatdb";
    public const string ModelName = "chatdb-hashing-v1";
    public const int DefaultDimensions = 256;

    private const ulong UnigramSeed = 0x9E3779B97F4A7C15UL;
    private const ulong BigramSeed = 0xC2B2AE3D27D4EB4FUL;
    private const ulong TrigramSeed = 0x165667B19E3779F9UL;
    private const ulong FourgramSeed = 0x27D4EB2F165667C5UL;
    private const float BigramWeight = 0.5f;
    private const float CharacterGramEnergy = 0.6f;

    private readonly Tokenizer _tokenizer;

    public HashingEmbeddingGenerator(int dimensions = DefaultDimensions, TokenizerOptions? tokenizer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, 8192);
        Dimensions = dimensions;
        _tokenizer = new Tokenizer(tokenizer);
        Metadata = new EmbeddingGeneratorMetadata(ProviderName, null, ModelName, dimensions);
    }

    public int Dimensions { get; }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value)) { ModelId = ModelName });
        }

        return Task.FromResult(result);
    }

    /// <summary>The embedding of one text; all zeros when it has no token.</summary>
    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        Embed(text, vector);
        return vector;
    }

    public void Embed(ReadOnlySpan<char> text, Span<float> vector)
    {
        vector.Clear();
        Span<char> padded = stackalloc char[TokenizerOptions.DefaultMaxTokenLength + 2];
        ulong previous = 0;
        var first = true;
        foreach (var token in _tokenizer.Tokenize(text))
        {
            var word = token.Term;
            var hash = FeatureHash.Of(word, UnigramSeed);
            Add(vector, hash, 1f);
            if (!first)
            {
                Add(vector, FeatureHash.Combine(previous, hash, BigramSeed), BigramWeight);
            }

            previous = hash;
            first = false;
            if (word.Length + 2 <= padded.Length)
            {
                AddCharacterGrams(vector, word, padded);
            }
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Nothing to release: the generator holds no unmanaged state.
    }

    private void AddCharacterGrams(Span<float> vector, ReadOnlySpan<char> word, Span<char> padded)
    {
        padded[0] = '<';
        word.CopyTo(padded[1..]);
        padded[word.Length + 1] = '>';
        var text = padded[..(word.Length + 2)];
        var grams = Math.Max(0, text.Length - 2) + Math.Max(0, text.Length - 3);
        if (grams == 0)
        {
            return;
        }

        var weight = CharacterGramEnergy / MathF.Sqrt(grams);
        for (var i = 0; i + 3 <= text.Length; i++)
        {
            Add(vector, FeatureHash.Of(text.Slice(i, 3), TrigramSeed), weight);
        }

        for (var i = 0; i + 4 <= text.Length; i++)
        {
            Add(vector, FeatureHash.Of(text.Slice(i, 4), FourgramSeed), weight);
        }
    }

    private void Add(Span<float> vector, ulong hash, float weight)
    {
        var bucket = (int)((hash & 0x7FFFFFFFFFFFFFFFUL) % (ulong)Dimensions);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }
}
