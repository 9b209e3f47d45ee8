using ChatDb.Grains.Search;
using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// The corpus indexed once per run by both engines, shared by the search scenarios. ChatDb: a
/// <see cref="FullTextIndex"/> in memory, timed for the indexing scenario (the full-text query
/// scenarios search through the grain, <see cref="SearchGrainFixture"/>). SQLite: an FTS5 table
/// (<c>unicode61 remove_diacritics 2</c>, the closest tokenizer), filled in one transaction, WAL,
/// synchronous=NORMAL. Indexing times are measured while building.
/// </summary>
public sealed class SearchFixture : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SearchFixture? _shared;

    private SearchFixture(SearchCorpus corpus, FullTextIndex index, SqliteConnection fts, TimeSpan chatdbIndexing, TimeSpan ftsIndexing)
    {
        Corpus = corpus;
        Index = index;
        Fts = fts;
        ChatDbIndexing = chatdbIndexing;
        FtsIndexing = ftsIndexing;
    }

    public SearchCorpus Corpus { get; }

    public FullTextIndex Index { get; }

    public SqliteConnection Fts { get; }

    public TimeSpan ChatDbIndexing { get; }

    public TimeSpan FtsIndexing { get; }

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

    /// <summary>Top-20 with BM25 order, as the ChatDb search returns it (FTS5's bm25() is negative: smaller is better).</summary>
    public SqliteCommand TopTwentyCommand(bool withSnippet)
    {
        var command = Fts.CreateCommand();
        command.CommandText = withSnippet
            ? "SELECT session, seq, bm25(m), content, snippet(m, 0, '[', ']', '…', 20) FROM m WHERE m MATCH $q ORDER BY bm25(m) LIMIT 20"
            : "SELECT session, seq, bm25(m) FROM m WHERE m MATCH $q ORDER BY bm25(m) LIMIT 20";
        command.Parameters.Add("$q", SqliteType.Text);
        command.Prepare();
        return command;
    }

    public ValueTask DisposeAsync() => Fts.DisposeAsync();

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
        var path = Path.Combine(context.NewDirectory("search-fts5"), "fts.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " +
                "CREATE VIRTUAL TABLE m USING fts5(content, session UNINDEXED, seq UNINDEXED, tokenize='unicode61 remove_diacritics 2');";
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        GC.Collect();
        clock.Restart();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO m (content, session, seq) VALUES ($c, $s, $q)";
            var content = insert.Parameters.Add("$c", SqliteType.Text);
            var session = insert.Parameters.Add("$s", SqliteType.Text);
            var seq = insert.Parameters.Add("$q", SqliteType.Integer);
            insert.Prepare();
            foreach (var (sessionId, message) in corpus.Messages)
            {
                content.Value = message.Content;
                session.Value = sessionId;
                seq.Value = message.Seq;
                insert.ExecuteNonQuery();
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new SearchFixture(corpus, index, connection, chatdb, clock.Elapsed);
    }
}
