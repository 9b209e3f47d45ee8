using ChatDb.Grains.Knowledge.Chunking;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Knowledge;

/// <summary>
/// The chunks of a set of documents, searchable by words and by meaning with the search engine's own parts: the
/// full-text index (BM25; a document is its "session", a chunk its message at seq position + 1), the vector index of
/// the embedder's vectors, and reciprocal rank fusion of the two rankings. Kept in memory and rebuilt from the stored
/// chunks when a grain activates: knowledge bases are thousands of chunks, embedded in milliseconds offline.
/// </summary>
internal sealed class KnowledgeIndex
{
    /// <summary>A chunk whose cosine to the query is below this is not a vector match (the hashing embedder's noise floor).</summary>
    public const float MinCosine = 0.2f;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly FullTextIndex _text = new();
    private readonly Dictionary<string, KnowledgeChunk[]> _chunks = new(StringComparer.Ordinal);
    private VectorIndex? _vectors;

    public KnowledgeIndex(IEmbeddingGenerator<string, Embedding<float>> embedder) => _embedder = embedder;

    public int ChunkCount => _chunks.Values.Sum(c => c.Length);

    public bool Contains(string filename) => _chunks.ContainsKey(filename);

    /// <summary>Indexes a document's chunks, replacing what the index held for it.</summary>
    public async Task PutAsync(string filename, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default)
    {
        Remove(filename);
        if (chunks.Count == 0)
        {
            return;
        }

        var embeddings = await _embedder.GenerateAsync(chunks.Select(EmbeddedText), cancellationToken: cancellationToken);
        _vectors ??= new VectorIndex(new EmbedderIdentity("knowledge", embeddings[0].Vector.Length));
        var at = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            _text.Add(filename, new Models.ChatMessage($"{filename}#{chunk.Position}", chunk.Position + 1, "document", EmbeddedText(chunk), at, [], []));
            if (embeddings[i].Vector.Length == _vectors.Dimensions)
            {
                _vectors.Add(filename, chunk.Position + 1, embeddings[i].Vector.Span);
            }
        }

        _chunks[filename] = [.. chunks];
    }

    public bool Remove(string filename)
    {
        _text.RemoveSession(filename);
        _vectors?.RemoveSession(filename);
        return _chunks.Remove(filename);
    }

    public void Clear()
    {
        _text.Clear();
        _vectors?.Clear();
        _chunks.Clear();
    }

    /// <summary>
    /// The <paramref name="k"/> chunks that best answer <paramref name="query"/>, best first: the BM25 ranking (any of
    /// the query's words) and the cosine ranking fused by rank, ties by filename then position.
    /// </summary>
    public async Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string query, int k, CancellationToken cancellationToken = default)
    {
        if (_chunks.Count == 0)
        {
            return [];
        }

        var candidates = VectorIndex.CandidateCount(k);
        var keys = new List<(string Filename, int Position)>();
        var ordinals = new Dictionary<(string, int), int>();
        int Ordinal(string filename, long seq)
        {
            var key = (filename, (int)seq - 1);
            if (!ordinals.TryGetValue(key, out var ordinal))
            {
                ordinal = keys.Count;
                ordinals[key] = ordinal;
                keys.Add(key);
            }

            return ordinal;
        }

        var rankings = new List<IReadOnlyList<int>>(2);
        // The parser ANDs words; a question rarely has all its words in one chunk, so they become alternatives.
        var terms = _text.Tokenizer.Terms(query);
        if (terms.Count > 0)
        {
            var words = _text.Search(string.Join(" OR ", terms.Distinct(StringComparer.Ordinal)), limit: Math.Min(candidates, FullTextIndex.MaxLimit));
            rankings.Add([.. words.Select(hit => Ordinal(hit.SessionId, hit.Message.Seq))]);
        }

        if (_vectors is { Count: > 0 } vectors)
        {
            var embedded = await _embedder.GenerateAsync([query], cancellationToken: cancellationToken);
            if (embedded[0].Vector.Length == vectors.Dimensions)
            {
                var nearest = vectors.Search(embedded[0].Vector.Span, candidates);
                rankings.Add([.. nearest.Where(n => n.Score >= MinCosine).Select(n => vectors.KeyOf(n.Row)).Select(key => Ordinal(key.SessionId, key.Seq))]);
            }
        }

        return [.. ReciprocalRankFusion.Fuse(rankings)
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => keys[pair.Key].Filename, StringComparer.Ordinal)
            .ThenBy(pair => keys[pair.Key].Position)
            .Take(k)
            .Select(pair =>
            {
                var (filename, position) = keys[pair.Key];
                return new KnowledgeHit(filename, _chunks[filename][position].Text, position, Math.Round(pair.Value, 6));
            })];
    }

    /// <summary>What is indexed of a chunk: its section's heading with its text, so a heading's words find its chunks.</summary>
    private static string EmbeddedText(KnowledgeChunk chunk) => chunk.Heading is null ? chunk.Text : chunk.Heading + "\n" + chunk.Text;
}
