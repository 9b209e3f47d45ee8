using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Engines;

/// <summary>A message as the SQLite peer reads it back: the same fields ChatDb returns.</summary>
public sealed record SqliteMessage(string Id, long Seq, string Role, string Content, string Timestamp, string Metadata);

/// <summary>
/// The SQLite peer of the grain scenarios: one connection (one writer), WAL journal, a sessions table
/// and a messages table keyed by (session, seq), the schema a chat server on SQLite would use.
/// <c>synchronous=FULL</c> matches ChatDb's Fsync durability, <c>NORMAL</c> its OsBuffered one (in WAL
/// mode NORMAL syncs only at checkpoints, so a power loss can drop the last commits, as OsBuffered can).
/// </summary>
public sealed class SqliteChatStore : IDisposable
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

    public SqliteConnection Connection => _connection;

    /// <summary>One message in its own (autocommit) transaction unless one is open on the connection.</summary>
    public void InsertMessage(string session, long seq, string role, string content, SqliteTransaction? transaction = null)
    {
        _insertMessage.Transaction = transaction;
        Bind(_insertMessage, session, seq, "msg_" + Guid.NewGuid().ToString("N"), role, content, DateTimeOffset.UtcNow.ToString("O"));
        _insertMessage.ExecuteNonQuery();
    }

    public void InsertSession(string id, string userId, string title) =>
        Execute(_insertSession, id, userId, title, DateTimeOffset.UtcNow.ToString("O"));

    /// <summary>The newest <paramref name="count"/> messages, oldest first (as ChatDb returns them).</summary>
    public List<SqliteMessage> ReadLast(string session, int count)
    {
        Bind(_readLast, session, count);
        var rows = Read(_readLast, count);
        rows.Reverse();
        return rows;
    }

    public List<SqliteMessage> ReadPage(string session, int offset, int count)
    {
        Bind(_readPage, session, count, offset);
        return Read(_readPage, count);
    }

    public void Dispose()
    {
        _insertMessage.Dispose();
        _insertSession.Dispose();
        _readLast.Dispose();
        _readPage.Dispose();
        _connection.Dispose();
    }

    private static List<SqliteMessage> Read(SqliteCommand command, int capacity)
    {
        var rows = new List<SqliteMessage>(capacity);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new SqliteMessage(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }

    private static void Execute(SqliteCommand command, params object[] values)
    {
        Bind(command, values);
        command.ExecuteNonQuery();
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
