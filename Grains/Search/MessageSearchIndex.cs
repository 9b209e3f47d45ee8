using ChatDb.Runtime.Storage;
using Microsoft.Extensions.AI;
using ChatMessage = ChatDb.Grains.Models.ChatMessage;

namespace ChatDb.Grains.Search;

/// <summary>
/// The search engine of one user (or one panel): a <see cref="FullTextIndex"/>, optionally a
/// <see cref="VectorIndex"/> with the embedder that fills it, and the three search modes. The owner
/// feeds messages in sequence order per session, persists with <see cref="FullTextSegment"/> and
/// <see cref="VectorSegment"/>, and after loading compares <see cref="HighWaterMark"/> with each
/// session's log to feed what is missing. Not thread-safe.
/// </summary>
public sealed class MessageSearchIndex
{
    /// <summary>Candidates taken from each list before fusing, at least.</summary>
    public const int MinimumFusionDepth = 50;

    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;

    public MessageSearchIndex(
        FullTextIndex fullText, VectorIndex? vectors = null, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(fullText);
        if ((vectors is null) != (embedder is null))
        {
            throw new ArgumentException("A vector index needs its embedder and an embedder needs a vector index; pass both or neither.");
        }

        FullText = fullText;
        Vectors = vectors;
        _embedder = embedder;
    }

    public FullTextIndex FullText { get; }

    public VectorIndex? Vectors { get; }

    /// <summary>Hybrid when vectors exist, full-text otherwise.</summary>
    public SearchMode DefaultMode => Vectors is { Count: > 0 } ? SearchMode.Hybrid : SearchMode.FullText;

    /// <summary>The highest seq both indexes cover for the session: feed the log from the next one.</summary>
    public long HighWaterMark(string sessionId) =>
        Vectors is null ? FullText.HighWaterMark(sessionId) : Math.Min(FullText.HighWaterMark(sessionId), Vectors.HighWaterMark(sessionId));

    /// <summary>Sessions known to either index (to find sessions deleted while the index was not persisted).</summary>
    public IReadOnlySet<string> Sessions =>
        FullText.Sessions.Concat(Vectors?.Sessions ?? []).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Indexes messages of one session, in sequence order; messages an index already covers are
    /// skipped by that index. Embeddings are requested in one batch. Returns how many were new to the full-text index.
    /// </summary>
    public async Task<int> AddAsync(string sessionId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var added = 0;
        foreach (var message in messages)
        {
            added += FullText.Add(sessionId, message) ? 1 : 0;
        }

        if (Vectors is not null && _embedder is not null)
        {
            var highWater = Vectors.HighWaterMark(sessionId);
            var missing = messages.Where(m => m.Seq > highWater).ToList();
            if (missing.Count > 0)
            {
                var embeddings = await _embedder.GenerateAsync(missing.Select(m => m.Content), cancellationToken: cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < missing.Count; i++)
                {
                    Vectors.Add(sessionId, missing[i].Seq, embeddings[i].Vector.Span);
                }
            }
        }

        return added;
    }

    public void SetSessionEntities(string sessionId, IEnumerable<string> entities) => FullText.SetSessionEntities(sessionId, entities);

    public bool RemoveSession(string sessionId)
    {
        var removed = FullText.RemoveSession(sessionId);
        return (Vectors?.RemoveSession(sessionId) ?? false) || removed;
    }

    public void Clear()
    {
        FullText.Clear();
        Vectors?.Clear();
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        FullTextIndex.ValidateLimit(request.Limit);
        var mode = request.Mode ?? DefaultMode;
        var query = QueryParser.Parse(request.Query, FullText.Tokenizer);
        if (mode == SearchMode.Vector && Vectors is null)
        {
            throw new ValidationError("Vector search was asked for, but this index has no vectors (no embedder is configured).");
        }

        if (mode == SearchMode.FullText || Vectors is null)
        {
            return FullText.Search(query, request.Filter, request.Limit, request.Snippet);
        }

        var depth = Math.Max(request.Limit, MinimumFusionDepth);
        var vectorRanking = await VectorRankAsync(request, mode == SearchMode.Vector ? request.Limit : depth, cancellationToken).ConfigureAwait(false);
        var terms = query.Terms;
        if (mode == SearchMode.Vector)
        {
            return [.. vectorRanking.Select(v => FullText.Hit(v.Document, v.Score, terms, request.Snippet))];
        }

        var textRanking = FullText.Rank(query, request.Filter, depth);
        var fused = ReciprocalRankFusion.Fuse([
            [.. textRanking.Select(r => r.Document)],
            [.. vectorRanking.Select(r => r.Document)],
        ]);
        var collector = new TopKCollector(request.Limit, FullText.CompareForTies);
        foreach (var (document, score) in fused)
        {
            collector.Collect(document, score);
        }

        return [.. collector.Drain().Select(r => FullText.Hit(r.Document, r.Score, terms, request.Snippet))];
    }

    /// <summary>Vector matches as full-text documents (so filters, messages and snippets come from one place).</summary>
    private async Task<List<(int Document, double Score)>> VectorRankAsync(SearchRequest request, int k, CancellationToken cancellationToken)
    {
        var vectors = Vectors!;
        var embedding = await _embedder!.GenerateAsync([request.Query], cancellationToken: cancellationToken).ConfigureAwait(false);
        var queryVector = embedding[0].Vector;
        if (queryVector.Length != vectors.Dimensions)
        {
            throw new InvalidOperationException(
                $"The embedder returned {queryVector.Length} dimensions for a query; the vector index of {vectors.Embedder} expects {vectors.Dimensions}.");
        }

        var filter = FullText.ResolveFilter(request.Filter);
        if (filter is { MatchesNothing: true })
        {
            return [];
        }

        Func<int, bool>? accept = filter is null ? null : row =>
        {
            var (sessionId, seq) = vectors.KeyOf(row);
            return FullText.TryFindDocument(sessionId, seq, out var document) && filter.Matches(document);
        };
        var result = new List<(int Document, double Score)>(k);
        foreach (var (row, score) in vectors.Search(queryVector.Span, k, accept))
        {
            var (sessionId, seq) = vectors.KeyOf(row);
            if (FullText.TryFindDocument(sessionId, seq, out var document))
            {
                result.Add((document, score));
            }
        }

        return result;
    }
}
