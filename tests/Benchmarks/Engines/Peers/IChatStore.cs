namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>
/// One connection of a relational peer to one scenario database, on the schema a chat server would use:
/// <c>sessions(id, user_id, title, created_at, updated_at, metadata)</c> and <c>messages(session, seq, id, role,
/// content, ts, metadata)</c> keyed by <c>(session, seq)</c>. Durability is the connection's, chosen when opened.
/// </summary>
public interface IChatStore : IAsyncDisposable
{
    ValueTask InsertSessionAsync(string id, string userId, string title, CancellationToken cancellationToken = default);

    /// <summary>One message in a transaction of its own, acknowledged when committed.</summary>
    ValueTask InsertMessageAsync(string session, PeerRow row, CancellationToken cancellationToken = default);

    /// <summary>Messages in one transaction, acknowledged when committed.</summary>
    ValueTask InsertMessagesAsync(string session, IReadOnlyList<PeerRow> rows, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="count"/> messages, oldest first (as ChatDb returns them).</summary>
    ValueTask<List<StoredMessage>> ReadLastAsync(string session, int count, CancellationToken cancellationToken = default);

    /// <summary><paramref name="count"/> messages from <paramref name="offset"/>, in seq order (<c>ORDER BY seq LIMIT OFFSET</c>).</summary>
    ValueTask<List<StoredMessage>> ReadPageAsync(string session, int offset, int count, CancellationToken cancellationToken = default);
}
