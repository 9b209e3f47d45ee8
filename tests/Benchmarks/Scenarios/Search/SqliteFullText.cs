using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// SQLite's full-text peer: an FTS5 table (<c>unicode61 remove_diacritics 2</c>, the closest tokenizer), filled in
/// one transaction, WAL, synchronous=NORMAL; queries <c>ORDER BY bm25(m) LIMIT 20</c> with <c>snippet()</c>
/// (FTS5's bm25() is negative: smaller is better).
/// </summary>
public sealed class SqliteFullText : IFullTextPeer
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _topTwenty;

    private SqliteFullText(SqliteConnection connection, TimeSpan indexing)
    {
        _connection = connection;
        Indexing = indexing;
        _topTwenty = connection.CreateCommand();
        _topTwenty.CommandText = "SELECT session, seq, bm25(m), content, snippet(m, 0, '[', ']', '…', 20) FROM m WHERE m MATCH $q ORDER BY bm25(m) LIMIT 20";
        _topTwenty.Parameters.Add("$q", SqliteType.Text);
        _topTwenty.Prepare();
    }

    public TimeSpan Indexing { get; }

    public static async Task<SqliteFullText> BuildAsync(BenchmarkContext context, SearchCorpus corpus, CancellationToken cancellationToken)
    {
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
        var clock = Stopwatch.StartNew();
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

        return new SqliteFullText(connection, clock.Elapsed);
    }

    public async Task<int> TopTwentyAsync(string query, CancellationToken cancellationToken)
    {
        _topTwenty.Parameters[0].Value = query;
        var rows = 0;
        await using var reader = await _topTwenty.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _ = reader.GetString(4);
            rows++;
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _topTwenty.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
