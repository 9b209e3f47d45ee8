using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using Orleans;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// The search corpus written through the grains of a silo with search on (flatfile storage, OsBuffered):
/// one user, one session per corpus session, each session's messages appended in order (batches of 100) through its
/// session grain, which feeds the user's <see cref="ISearchGrain"/>. Built on first use and ready only
/// when the search grain reports every message indexed and checked against the logs. The silo's search is full text
/// only, or with <c>vectors</c> full text and vectors of the offline hashing embedder (hybrid, the product's default),
/// every message embedded before the fixture is ready.
/// </summary>
public sealed class SearchGrainFixture(bool vectors = false) : IAsyncDisposable
{
    public const string UserId = "searcher";

    /// <summary>Messages per append while filling (one durable write each; a corpus session is 100 messages).</summary>
    private const int FillBatch = 100;

    /// <summary>How long indexing may lag the last append, per 100,000 messages of the corpus (at least once).</summary>
    private static readonly TimeSpan IndexingDeadline = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChatDbSilo? _silo;

    public ISearchGrain Grain { get; private set; } = null!;

    /// <summary>From the silo's start to the corpus fully indexed: sessions created, messages appended, index checked.</summary>
    public TimeSpan LoadTime { get; private set; }

    public async Task<SearchGrainFixture> EnsureAsync(BenchmarkContext context, SearchCorpus corpus, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_silo is null)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                _silo = await ChatDbSilo.StartAsync(
                    context.NewDirectory("search-chatdb"), Durability.OsBuffered, search: true,
                    configure: vectors ? silo => silo.Services.Configure<SearchOptions>(options => options.Vectors = true) : null);
                Grain = await FillAsync(_silo.Grains, corpus, vectors, cancellationToken);
                LoadTime = clock.Elapsed;
            }

            return this;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
            _silo = null;
        }
    }

    private static async Task<ISearchGrain> FillAsync(IGrainFactory grains, SearchCorpus corpus, bool vectors, CancellationToken cancellationToken)
    {
        var bySession = corpus.Messages.GroupBy(m => m.SessionId, m => m.Message).ToList();
        var user = grains.GetGrain<IUserGrain>(UserId);
        var keys = new string[bySession.Count];
        for (var s = 0; s < bySession.Count; s++)
        {
            var session = await user.CreateSessionAsync($"Search corpus {s}", null);
            keys[s] = ChatGrainKeys.Session(UserId, session.Id);
        }

        await Parallel.ForAsync(0, bySession.Count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (s, _) =>
        {
            var session = grains.GetGrain<ISessionGrain>(keys[s]);
            foreach (var batch in bySession[s].OrderBy(m => m.Seq).Chunk(FillBatch))
            {
                await session.AddMessagesAsync([.. batch.Select(message => new NewMessage { Role = message.Role, Content = message.Content })]);
            }
        });

        var search = grains.GetGrain<ISearchGrain>(UserId);
        var allowed = IndexingDeadline * Math.Max(1, corpus.Messages.Count / 100_000);
        var deadline = DateTime.UtcNow + allowed;
        while (true)
        {
            // The first search checks the index against every session log; after it, the status is final.
            await search.SearchAsync(new SearchQuery { Q = corpus.Queries[0], Mode = SearchMode.FullText, Limit = 20 });
            var status = await search.GetStatusAsync();
            if (status.Messages == corpus.Messages.Count && status.Sessions == bySession.Count && status.CheckedAgainstLogs
                && status.Vectors == (vectors ? corpus.Messages.Count : 0))
            {
                return search;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Search grain '{UserId}' indexed {status.Messages} of {corpus.Messages.Count} messages ({status.Vectors} vectors) in {status.Sessions} of {bySession.Count} sessions within {allowed}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
