using ChatDb.Benchmarks.Engines.Peers;
using Npgsql;

namespace ChatDb.Benchmarks.Engines.Postgres;

/// <summary>
/// The PostgreSQL peer: a schema per scenario database on the run's <see cref="PostgresServer"/>, with the tables of
/// SQLite's schema (text timestamps like SQLite's, <c>jsonb</c> metadata) and the <c>(session, seq)</c> key as the
/// messages' primary key. Dropped when the database is disposed, so rounds do not fill the server's disk.
/// </summary>
public sealed class PostgresChatPeer(PostgresServer server) : IChatPeer
{
    public string Name => "postgres";

    public PostgresServer Server => server;

    public async Task<IPeerDatabase> CreateDatabaseAsync(BenchmarkContext context, string name, CancellationToken cancellationToken = default)
    {
        var schema = SchemaName(name);
        await ExecuteAsync(
            $"CREATE SCHEMA {schema}; " +
            $"CREATE TABLE {schema}.sessions (id text PRIMARY KEY, user_id text NOT NULL, title text NOT NULL, " +
            "created_at text NOT NULL, updated_at text NOT NULL, metadata jsonb NOT NULL); " +
            $"CREATE TABLE {schema}.messages (session text NOT NULL, seq bigint NOT NULL, id text NOT NULL, role text NOT NULL, " +
            "content text NOT NULL, ts text NOT NULL, metadata jsonb NOT NULL, PRIMARY KEY (session, seq));",
            cancellationToken);
        return new Database(this, schema);
    }

    /// <summary>A schema name of the benchmark's own: the scenario's name, lower case letters, digits and _ only, made unique.</summary>
    public static string SchemaName(string name) =>
        new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]) + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Runs administration statements (schemas, tables) on a connection of their own.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Database(PostgresChatPeer peer, string schema) : IPeerDatabase
    {
        public async Task<IChatStore> OpenAsync(bool durable, CancellationToken cancellationToken = default) =>
            await PostgresChatStore.OpenAsync(peer.Server.ConnectionString(schema, synchronousCommit: durable), cancellationToken);

        /// <summary>Both tables with their indexes, TOAST and maps (<c>pg_total_relation_size</c>); the WAL is not counted.</summary>
        public async Task<long> SizeBytesAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = new NpgsqlConnection(peer.Server.ConnectionString(schema));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_total_relation_size('sessions') + pg_total_relation_size('messages')", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public async ValueTask DisposeAsync() => await peer.ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
    }
}
