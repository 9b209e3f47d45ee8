using ChatDb.Storage;
using Microsoft.Extensions.AI;
using ChatMessage = ChatDb.Grains.Models.ChatMessage;

namespace ChatDb.Grains.Search;

/// <summary>
/// The search engine of one user (or one panel): a <see cref="FullTextIndex"/>, optionally a
/// <see cref="VectorIndex"/> with the embedder that fills it, and the three search modes. The owner
/// feeds messages in sequence order per session, persists with <see cref="FullTextSegment"/> and
/// <see cref="VectorSegment"/>, and after loading compares <see cref="HighWaterMark"/> with each
/// session's log to feed what is missing. Not thread-safe: changes and searches must not overlap, but
/// searches (<see cref="Search"/>) may run side by side, on any threads, while nothing changes it.
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

    /// <summary>The embedder's identity, or null without vectors.</summary>
    public EmbedderIdentity? Embedder => Vectors?.Embedder;

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
            added += AddText(sessionId, message) ? 1 : 0;
        }

        await EmbedAsync([.. messages.Select(m => (sessionId, m))], cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Adds a message to the full-text index only (synchronous); vectors follow through <see cref="EmbedAsync"/>.</summary>
    public bool AddText(string sessionId, ChatMessage message) => FullText.Add(sessionId, message);

    /// <summary>
    /// Embeds the messages the vector index lacks, in one batch, and adds their vectors in order (see
    /// <see cref="EmbedMissingAsync"/> and <see cref="AddVectors"/>).
    /// </summary>
    public async Task<int> EmbedAsync(IReadOnlyList<(string SessionId, ChatMessage Message)> messages, CancellationToken cancellationToken = default)
    {
        var embedded = await EmbedMissingAsync(messages, cancellationToken).ConfigureAwait(false);
        return AddVectors(embedded);
    }

    /// <summary>
    /// The embeddings of the messages the vector index lacks, in one batch, in order; the index is not changed, so
    /// searches may go on while the embedder works. Empty without vectors.
    /// </summary>
    public async Task<IReadOnlyList<(string SessionId, long Seq, ReadOnlyMemory<float> Vector)>> EmbedMissingAsync(
        IReadOnlyList<(string SessionId, ChatMessage Message)> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (Vectors is null || _embedder is null)
        {
            return [];
        }

        var missing = messages.Where(m => m.Message.Seq > Vectors.HighWaterMark(m.SessionId)).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        var embeddings = await _embedder.GenerateAsync(missing.Select(m => m.Message.Content), cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. missing.Select((m, i) => (m.SessionId, m.Message.Seq, embeddings[i].Vector))];
    }

    /// <summary>
    /// Adds vectors from <see cref="EmbedMissingAsync"/>, in order. Vectors of messages the full-text index no longer
    /// holds (their session removed while the embedder was working) are dropped, so a deletion is never undone by a
    /// late embedding. Returns how many were added.
    /// </summary>
    public int AddVectors(IReadOnlyList<(string SessionId, long Seq, ReadOnlyMemory<float> Vector)> embedded)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        if (Vectors is null)
        {
            return 0;
        }

        var added = 0;
        foreach (var (sessionId, seq, vector) in embedded)
        {
            if (FullText.HighWaterMark(sessionId) >= seq && Vectors.Add(sessionId, seq, vector.Span))
            {
                added++;
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

    /// <summary>Embeds the query (see <see cref="EmbedQueryAsync"/>), then runs <see cref="Search"/>.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var queryVector = await EmbedQueryAsync(request, cancellationToken).ConfigureAwait(false);
        return Search(request, queryVector);
    }

    /// <summary>
    /// The query's embedding when the search may rank by vectors (any mode but full text, on an index with vectors),
    /// else null. It reads nothing that changes (the embedder and the vectors' dimensions are fixed), so it can run
    /// before, and on another thread than, the search itself: a slow embedder never holds up the index.
    /// </summary>
    public async Task<ReadOnlyMemory<float>?> EmbedQueryAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        if (request.Mode == SearchMode.FullText || Vectors is null || _embedder is null)
        {
            return null;
        }

        var embedding = await _embedder.GenerateAsync([request.Query], cancellationToken: cancellationToken).ConfigureAwait(false);
        var queryVector = embedding[0].Vector;
        if (queryVector.Length != Vectors.Dimensions)
        {
            throw new InvalidOperationException(
                $"The embedder returned {queryVector.Length} dimensions for a query; the vector index of {Vectors.Embedder} expects {Vectors.Dimensions}.");
        }

        return queryVector;
    }

    /// <summary>
    /// Runs a search with the query's embedding from <see cref="EmbedQueryAsync"/> (null: full text only). It only
    /// reads the index and never yields, so it may run on any thread, and several at once, as long as nothing
    /// changes the index meanwhile (the owner keeps changes apart from searches; see <c>IndexReaders</c>).
    /// </summary>
    public IReadOnlyList<SearchHit> Search(SearchRequest request, ReadOnlyMemory<float>? queryVector)
    {
        Validate(request);
        var mode = request.Mode ?? DefaultMode;
        var query = QueryParser.Parse(request.Query, FullText.Tokenizer);
        if (mode == SearchMode.FullText || Vectors is null)
        {
            return FullText.Search(query, request.Filter, request.Limit, request.Snippet);
        }

        if (queryVector is not { } vector)
        {
            throw new ArgumentException($"A {mode} search needs the query's embedding; get it from {nameof(EmbedQueryAsync)}.", nameof(queryVector));
        }

        var depth = Math.Max(request.Limit, MinimumFusionDepth);
        var vectorRanking = VectorRank(vector.Span, request.Filter, mode == SearchMode.Vector ? request.Limit : depth);
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

    private void Validate(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        FullTextIndex.ValidateLimit(request.Limit);
        if (request.Mode == SearchMode.Vector && Vectors is null)
        {
            throw new ValidationError("Vector search was asked for, but this index has no vectors (no embedder is configured).");
        }
    }

    /// <summary>Vector matches as full-text documents (so filters, messages and snippets come from one place).</summary>
    private List<(int Document, double Score)> VectorRank(ReadOnlySpan<float> queryVector, SearchFilter? searchFilter, int k)
    {
        var vectors = Vectors!;
        var filter = FullText.ResolveFilter(searchFilter);
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
        foreach (var (row, score) in vectors.Search(queryVector, k, accept))
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
