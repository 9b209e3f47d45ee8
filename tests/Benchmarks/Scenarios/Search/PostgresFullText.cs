using System.Diagnostics;
using ChatDb.Benchmarks.Engines.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// PostgreSQL's full-text peer: a table of its own schema with a <c>tsvector</c> column generated from the content
/// (<c>to_tsvector('simple', ...)</c>: lower-cased words, no stemming and no stop words, the closest to FTS5's
/// unicode61) and a GIN index on it with PostgreSQL's defaults. Filled by one binary COPY (one statement, one
/// transaction) on a connection with <c>synchronous_commit=off</c> (SQLite's side runs synchronous=NORMAL); the
/// index's pending list (its fast-update path) is merged into the index within the timed indexing, then the table
/// is analysed, untimed. Queries: <c>websearch_to_tsquery</c> (words ANDed, quoted phrases as phrases, as FTS5
/// reads the query set), the best 20 by <c>ts_rank</c>, <c>ts_headline</c> built for those 20 only.
/// </summary>
public sealed class PostgresFullText : IFullTextPeer
{
    private const string TopTwentySql =
        "SELECT session, seq, rank, ts_headline('simple', content, query, 'StartSel=[, StopSel=], MaxWords=20, MinWords=5, MaxFragments=1') " +
        "FROM (SELECT session, seq, content, ts_rank(tsv, query) AS rank, query FROM m, websearch_to_tsquery('simple', $1) AS query " +
        "WHERE tsv @@ query ORDER BY rank DESC LIMIT 20) AS top ORDER BY rank DESC";

    private readonly PostgresChatPeer _peer;
    private readonly string _schema;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _topTwenty;

    private PostgresFullText(PostgresChatPeer peer, string schema, NpgsqlConnection connection, TimeSpan indexing)
    {
        _peer = peer;
        _schema = schema;
        _connection = connection;
        Indexing = indexing;
        _topTwenty = new NpgsqlCommand(TopTwentySql, connection);
        _topTwenty.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
    }

    public TimeSpan Indexing { get; }

    public static async Task<PostgresFullText> BuildAsync(PostgresChatPeer peer, SearchCorpus corpus, CancellationToken cancellationToken)
    {
        var schema = PostgresChatPeer.SchemaName("search");
        await peer.ExecuteAsync(
            $"CREATE SCHEMA {schema}; " +
            $"CREATE TABLE {schema}.m (session text NOT NULL, seq integer NOT NULL, content text NOT NULL, " +
            "tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED); " +
            $"CREATE INDEX m_tsv ON {schema}.m USING gin (tsv);",
            cancellationToken);
        var connection = new NpgsqlConnection(peer.Server.ConnectionString(schema, synchronousCommit: false));
        await connection.OpenAsync(cancellationToken);

        GC.Collect();
        var clock = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY m (content, session, seq) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (sessionId, message) in corpus.Messages)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(message.Content, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(sessionId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((int)message.Seq, NpgsqlDbType.Integer, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        // What the GIN index's fast-update path left in its pending list goes into the index proper, timed: the
        // index is complete, as FTS5's is after its commit.
        await using (var clean = new NpgsqlCommand("SELECT gin_clean_pending_list('m_tsv')", connection))
        {
            await clean.ExecuteScalarAsync(cancellationToken);
        }

        var indexing = clock.Elapsed;
        await using (var analyze = new NpgsqlCommand("ANALYZE m", connection))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        var fullText = new PostgresFullText(peer, schema, connection, indexing);
        await fullText._topTwenty.PrepareAsync(cancellationToken);
        return fullText;
    }

    public async Task<int> TopTwentyAsync(string query, CancellationToken cancellationToken)
    {
        _topTwenty.Parameters[0].Value = query;
        var rows = 0;
        await using var reader = await _topTwenty.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _ = reader.GetString(3);
            rows++;
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _topTwenty.DisposeAsync();
        await _connection.DisposeAsync();
        await _peer.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
    }
}
