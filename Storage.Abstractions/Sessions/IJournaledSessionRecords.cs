namespace ChatDb.Storage.Sessions;

/// <summary>
/// A storage whose session creates are journaled: the user grain appends a <see cref="SessionJournalEntry"/> to its
/// session journal (one durable append: the create's only fsync) and the session grain then writes the session's
/// record here without waiting for the disk. The storage makes that record and its place durable before any later
/// durable write of the session, and whenever the user grain asks (<see cref="MakeDurableAsync"/>: seconds after a
/// burst of creates, and at its deactivation). A storage that keeps no journal (the memory providers)
/// registers none; the session grain then writes its record durably through its state as before.
/// </summary>
public interface IJournaledSessionRecords
{
    /// <summary>
    /// Writes a new session's record (its <c>session</c> state, JSON in <see cref="Json.StorageJson.Documents"/>
    /// conventions) without waiting for it to be durable: the caller's journal entry already is.
    /// </summary>
    Task WriteNewAsync(string userId, string sessionId, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes what <see cref="WriteNewAsync"/> wrote durable now (at once when it already is). Before a session's removal is
    /// journaled (from then on the journal no longer rebuilds the session, so its files must not be left to be torn), for
    /// the sessions created since the user's last index write, and before the journal is emptied.
    /// </summary>
    Task MakeDurableAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Writes a session's record durably from its journal entry: recovery of a create a crash lost.</summary>
    Task RestoreAsync(string userId, string sessionId, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default);
}
