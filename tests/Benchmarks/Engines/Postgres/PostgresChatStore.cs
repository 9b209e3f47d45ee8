using ChatDb.Benchmarks.Engines.Peers;
using Npgsql;
using NpgsqlTypes;

namespace ChatDb.Benchmarks.Engines.Postgres;

/// <summary>
/// The PostgreSQL peer's connection, the counterpart of <see cref="SqliteChatStore"/>: one connection (not pooled),
/// prepared statements, the schema of <see cref="PostgresChatPeer"/>. Durability is the connection's
/// <c>synchronous_commit</c>, set in its connection string: <c>on</c> acknowledges a commit after its WAL is
/// flushed (ChatDb's Fsync, SQLite's <c>FULL</c>), <c>off</c> before (OsBuffered, <c>NORMAL</c>). A batch of messages
/// is one round trip and one implicit transaction (Npgsql sends a batch's statements with a single Sync).
/// </summary>
public sealed class PostgresChatStore : IChatStore
{
    private const string Columns = "id, seq, role, content, ts, metadata::text";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insertMessage;
    private readonly NpgsqlCommand _insertSession;
    private readonly NpgsqlCommand _readLast;
    private readonly NpgsqlCommand _readPage;
    private NpgsqlBatch? _batch;

    private PostgresChatStore(NpgsqlConnection connection)
    {
        _connection = connection;
        _insertMessage = Command(InsertMessageSql, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text);
        _insertSession = Command("INSERT INTO sessions (id, user_id, title, created_at, updated_at, metadata) VALUES ($1, $2, $3, $4, $4, '{}')",
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text);
        _readLast = Command($"SELECT {Columns} FROM messages WHERE session = $1 ORDER BY seq DESC LIMIT $2", NpgsqlDbType.Text, NpgsqlDbType.Integer);
        _readPage = Command($"SELECT {Columns} FROM messages WHERE session = $1 ORDER BY seq LIMIT $2 OFFSET $3", NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Integer);
    }

    private static string InsertMessageSql => "INSERT INTO messages (session, seq, id, role, content, ts, metadata) VALUES ($1, $2, $3, $4, $5, $6, '{}')";

    public static async Task<PostgresChatStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var store = new PostgresChatStore(connection);
        foreach (var command in new[] { store._insertMessage, store._insertSession, store._readLast, store._readPage })
        {
            await command.PrepareAsync(cancellationToken);
        }

        return store;
    }

    public async ValueTask InsertSessionAsync(string id, string userId, string title, CancellationToken cancellationToken = default)
    {
        Bind(_insertSession.Parameters, id, userId, title, DateTimeOffset.UtcNow.ToString("O"));
        await _insertSession.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask InsertMessageAsync(string session, PeerRow row, CancellationToken cancellationToken = default)
    {
        BindMessage(_insertMessage.Parameters, session, row);
        await _insertMessage.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask InsertMessagesAsync(string session, IReadOnlyList<PeerRow> rows, CancellationToken cancellationToken = default)
    {
        var batch = await BatchAsync(rows.Count, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            BindMessage(batch.BatchCommands[i].Parameters, session, rows[i]);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<List<StoredMessage>> ReadLastAsync(string session, int count, CancellationToken cancellationToken = default)
    {
        Bind(_readLast.Parameters, session, count);
        var rows = await ReadAsync(_readLast, count, cancellationToken);
        rows.Reverse();
        return rows;
    }

    public async ValueTask<List<StoredMessage>> ReadPageAsync(string session, int offset, int count, CancellationToken cancellationToken = default)
    {
        Bind(_readPage.Parameters, session, count, offset);
        return await ReadAsync(_readPage, count, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_batch is not null)
        {
            await _batch.DisposeAsync();
        }

        await _insertMessage.DisposeAsync();
        await _insertSession.DisposeAsync();
        await _readLast.DisposeAsync();
        await _readPage.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>A prepared batch of <paramref name="size"/> inserts, kept while the callers' batch size stays the same.</summary>
    private async ValueTask<NpgsqlBatch> BatchAsync(int size, CancellationToken cancellationToken)
    {
        if (_batch?.BatchCommands.Count == size)
        {
            return _batch;
        }

        if (_batch is not null)
        {
            await _batch.DisposeAsync();
        }

        _batch = new NpgsqlBatch(_connection);
        for (var i = 0; i < size; i++)
        {
            var command = new NpgsqlBatchCommand(InsertMessageSql);
            AddParameters(command.Parameters, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text);
            _batch.BatchCommands.Add(command);
        }

        await _batch.PrepareAsync(cancellationToken);
        return _batch;
    }

    private static void BindMessage(NpgsqlParameterCollection parameters, string session, PeerRow row) =>
        Bind(parameters, session, row.Seq, "msg_" + Guid.NewGuid().ToString("N"), row.Role, row.Content, DateTimeOffset.UtcNow.ToString("O"));

    private static async Task<List<StoredMessage>> ReadAsync(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        var rows = new List<StoredMessage>(capacity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredMessage(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }

    private static void Bind(NpgsqlParameterCollection parameters, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i];
        }
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, params NpgsqlDbType[] types)
    {
        foreach (var type in types)
        {
            parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        }
    }

    private NpgsqlCommand Command(string text, params NpgsqlDbType[] types)
    {
        var command = new NpgsqlCommand(text, _connection);
        AddParameters(command.Parameters, types);
        return command;
    }
}
