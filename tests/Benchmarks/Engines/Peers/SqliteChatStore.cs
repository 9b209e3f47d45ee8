using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>
/// The SQLite peer's connection: one connection (one writer), WAL journal, a sessions table and a messages table
/// keyed by (session, seq). <c>synchronous=FULL</c> matches ChatDb's Fsync durability, <c>NORMAL</c> its OsBuffered
/// one (in WAL mode NORMAL syncs only at checkpoints, so a power loss can drop the last commits, as OsBuffered can).
/// Microsoft.Data.Sqlite runs on the caller's thread, so the asynchronous members complete synchronously.
/// </summary>
public sealed class SqliteChatStore : IChatStore
{
    private const string Schema =
        "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, title TEXT NOT NULL, " +
        "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, metadata TEXT NOT NULL); " +
        "CREATE TABLE IF NOT EXISTS messages (rowid INTEGER PRIMARY KEY, session TEXT NOT NULL, seq INTEGER NOT NULL, " +
        "id TEXT NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, ts TEXT NOT NULL, metadata TEXT NOT NULL); " +
        "CREATE UNIQUE INDEX IF NOT EXISTS messages_session_seq ON messages (session, seq);";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertMessage;
    private readonly SqliteCommand _insertSession;
    private readonly SqliteCommand _readLast;
    private readonly SqliteCommand _readPage;

    public SqliteChatStore(string path, bool synchronousFull)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(synchronousFull ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=30000; " + Schema;
            setup.ExecuteNonQuery();
        }

        _insertMessage = Command("INSERT INTO messages (session, seq, id, role, content, ts, metadata) VALUES ($s, $q, $i, $r, $c, $t, '{}')", "$s", "$q", "$i", "$r", "$c", "$t");
        _insertSession = Command("INSERT INTO sessions (id, user_id, title, created_at, updated_at, metadata) VALUES ($i, $u, $t, $c, $c, '{}')", "$i", "$u", "$t", "$c");
        _readLast = Command("SELECT id, seq, role, content, ts, metadata FROM messages WHERE session = $s ORDER BY seq DESC LIMIT $n", "$s", "$n");
        _readPage = Command("SELECT id, seq, role, content, ts, metadata FROM messages WHERE session = $s ORDER BY seq LIMIT $n OFFSET $o", "$s", "$n", "$o");
    }

    /// <summary>Moves the write-ahead log into the database file and truncates it (for the size scenario).</summary>
    public void Checkpoint()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    public ValueTask InsertSessionAsync(string id, string userId, string title, CancellationToken cancellationToken = default)
    {
        Bind(_insertSession, id, userId, title, DateTimeOffset.UtcNow.ToString("O"));
        _insertSession.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public ValueTask InsertMessageAsync(string session, PeerRow row, CancellationToken cancellationToken = default)
    {
        Insert(session, row, transaction: null);
        return ValueTask.CompletedTask;
    }

    public ValueTask InsertMessagesAsync(string session, IReadOnlyList<PeerRow> rows, CancellationToken cancellationToken = default)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var row in rows)
        {
            Insert(session, row, transaction);
        }

        transaction.Commit();
        return ValueTask.CompletedTask;
    }

    public ValueTask<List<StoredMessage>> ReadLastAsync(string session, int count, CancellationToken cancellationToken = default)
    {
        Bind(_readLast, session, count);
        var rows = Read(_readLast, count);
        rows.Reverse();
        return ValueTask.FromResult(rows);
    }

    public ValueTask<List<StoredMessage>> ReadPageAsync(string session, int offset, int count, CancellationToken cancellationToken = default)
    {
        Bind(_readPage, session, count, offset);
        return ValueTask.FromResult(Read(_readPage, count));
    }

    public ValueTask DisposeAsync()
    {
        _insertMessage.Dispose();
        _insertSession.Dispose();
        _readLast.Dispose();
        _readPage.Dispose();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Insert(string session, PeerRow row, SqliteTransaction? transaction)
    {
        _insertMessage.Transaction = transaction;
        Bind(_insertMessage, session, row.Seq, "msg_" + Guid.NewGuid().ToString("N"), row.Role, row.Content, DateTimeOffset.UtcNow.ToString("O"));
        _insertMessage.ExecuteNonQuery();
    }

    private static List<StoredMessage> Read(SqliteCommand command, int capacity)
    {
        var rows = new List<StoredMessage>(capacity);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new StoredMessage(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private SqliteCommand Command(string text, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
