using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// The SQLite peer: one table per log, WAL journal, synchronous=FULL (fsync on every commit), one
/// message per transaction, the configuration a chat server would use for durable messages.
/// </summary>
public sealed class SqlitePeer : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    private SqlitePeer(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = "INSERT INTO messages (seq, json) VALUES ($seq, $json)";
        _insert.Parameters.Add("$seq", SqliteType.Integer);
        _insert.Parameters.Add("$json", SqliteType.Text);
    }

    public SqliteConnection Connection => _connection;

    public static async Task<SqlitePeer> OpenAsync(string path, bool synchronousFull, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var setup = connection.CreateCommand();
        setup.CommandText =
            "PRAGMA journal_mode=WAL; " +
            $"PRAGMA synchronous={(synchronousFull ? "FULL" : "OFF")}; " +
            "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);";
        await setup.ExecuteNonQueryAsync(cancellationToken);
        return new SqlitePeer(connection);
    }

    /// <summary>One message, in its own (autocommit) transaction unless one is given.</summary>
    public void Insert(long sequence, string json, SqliteTransaction? transaction = null)
    {
        _insert.Transaction = transaction;
        _insert.Parameters[0].Value = sequence;
        _insert.Parameters[1].Value = json;
        _insert.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
