using ChatDb.Benchmarks.Engines.Peers;
using ChatDb.Benchmarks.Engines.Postgres;
using ChatDb.Grains.Search;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// The corpus indexed once per run by every engine, shared by the search scenarios. ChatDb: a
/// <see cref="FullTextIndex"/> in memory, timed for the indexing scenario (the full-text query
/// scenarios search through the grain, <see cref="SearchGrainFixture"/>). Each peer: its full-text index
/// (<see cref="SqliteFullText"/>, <see cref="PostgresFullText"/>). Indexing times are measured while building.
/// </summary>
public sealed class SearchFixture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SearchFixture? _shared;

    private SearchFixture(SearchCorpus corpus, FullTextIndex index, TimeSpan chatdbIndexing, PeerSet peers, IReadOnlyList<IFullTextPeer> fullText)
    {
        Corpus = corpus;
        Index = index;
        ChatDbIndexing = chatdbIndexing;
        Peers = peers;
        FullText = fullText;
    }

    public SearchCorpus Corpus { get; }

    public FullTextIndex Index { get; }

    public TimeSpan ChatDbIndexing { get; }

    /// <summary>The peers indexed, with the PostgreSQL reason when that one is missing.</summary>
    public PeerSet Peers { get; }

    /// <summary>Each available peer's full-text index, in <see cref="PeerSet.Available"/> order.</summary>
    public IReadOnlyList<IFullTextPeer> FullText { get; }

    public static async Task<SearchFixture> GetAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return _shared ??= await BuildAsync(context, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Closes the peers' indexes of the run's fixture, if one was built.</summary>
    public static async ValueTask DisposeSharedAsync()
    {
        if (_shared is not null)
        {
            foreach (var fullText in _shared.FullText)
            {
                await fullText.DisposeAsync();
            }

            _shared = null;
        }
    }

    private static async Task<SearchFixture> BuildAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var corpus = context.Quick ? SearchCorpus.Generate(100, 100) : SearchCorpus.Generate(1000, 100);
        GC.Collect();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var index = new FullTextIndex();
        foreach (var (sessionId, message) in corpus.Messages)
        {
            index.Add(sessionId, message);
        }

        var chatdb = clock.Elapsed;
        var (peers, fullText) = await BuildPeersAsync(context, corpus, cancellationToken);
        return new SearchFixture(corpus, index, chatdb, peers, fullText);
    }

    /// <summary>
    /// Each available peer's full-text index over <paramref name="corpus"/>, in <see cref="PeerSet.Available"/> order;
    /// the caller disposes them.
    /// </summary>
    public static async Task<(PeerSet Peers, IReadOnlyList<IFullTextPeer> FullText)> BuildPeersAsync(
        BenchmarkContext context, SearchCorpus corpus, CancellationToken cancellationToken)
    {
        var peers = await context.Peers.GetAsync(cancellationToken);
        var fullText = new List<IFullTextPeer>();
        foreach (var peer in peers.Available)
        {
            fullText.Add(peer switch
            {
                PostgresChatPeer postgres => await PostgresFullText.BuildAsync(postgres, corpus, cancellationToken),
                _ => await SqliteFullText.BuildAsync(context, corpus, cancellationToken),
            });
        }

        return (peers, fullText);
    }
}
