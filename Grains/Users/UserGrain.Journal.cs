using System.Text.Json;
using ChatDb.Storage;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Json;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Sessions;

namespace ChatDb.Grains.Users;

/// <summary>
/// The session journal (log <c>session_journal</c>; with the flatfile provider <c>users/{u}/sessions.jsonl</c>,
/// docs/STORAGE.md §6), used when the storage journals session creates (<see cref="IJournaledSessionRecords"/>). A
/// create appends the session's record here, and that one durable append is what acknowledges it: the session grain
/// then writes the session's own directory without waiting for the disk. When this grain activates it rebuilds the
/// record of every journaled session a crash lost or tore, before it compares the index with the stored sessions.
/// A session's removal is journaled before its files go (<see cref="OnSessionRemovingAsync"/>), so its creation line
/// never brings it back. The first process to open the data directory replays and empties the journals, and this grain
/// empties its own when it deactivates (<see cref="EmptyJournalAsync"/>), so the journal holds only the lines of an
/// activation that ended without deactivating (a crash, a killed silo).
/// </summary>
public sealed partial class UserGrain
{
    private readonly IPersistentLog<SessionJournalEntry> _journal;
    private readonly IJournaledSessionRecords? _journaledRecords;

    // Appends interleave (removals come from session grains while a create or a deletion runs): one at a time.
    private readonly SemaphoreSlim _journalGate = new(1, 1);

    // Sessions whose creation line would be replayed: only their removal needs a line of its own.
    private readonly HashSet<string> _journaledSessions = new(StringComparer.Ordinal);

    // Sessions created since the last sync of their directories (SyncNewSessionsAsync).
    private List<string> _unsyncedSessions = [];

    public async Task OnSessionRemovingAsync(string sessionId)
    {
        if (_journaledRecords is not null && _journaledSessions.Contains(sessionId))
        {
            await AppendJournalAsync(new SessionJournalEntry(sessionId, SessionJournalAction.Removed));
            _journaledSessions.Remove(sessionId);
        }
    }

    /// <summary>The create's durable write, when the storage journals creates: false when it does not.</summary>
    private async Task<bool> JournalCreateAsync(ChatSession session)
    {
        if (_journaledRecords is null)
        {
            return false;
        }

        await AppendJournalAsync(new SessionJournalEntry(session.Id, SessionJournalAction.Created, JsonSerializer.SerializeToElement(session, StorageJson.Lines)));
        _journaledSessions.Add(session.Id);
        _unsyncedSessions.Add(session.Id);
        return true;
    }

    /// <summary>
    /// Makes the directories of the sessions created since the last call durable, all at once: called by the index
    /// timer, so the fsyncs of a burst of creates go to the disk together, seconds later, instead of queuing one
    /// session at a time ahead of the next create's journal fsync. Until then the journal line covers each of them,
    /// and a session's first durable write syncs its own directory first. A failure is logged and left to that write,
    /// or to the deactivation (<see cref="EmptyJournalAsync"/>), which syncs every journaled session again.
    /// </summary>
    private async Task SyncNewSessionsAsync()
    {
        if (_journaledRecords is null || _unsyncedSessions.Count == 0)
        {
            return;
        }

        var sessions = _unsyncedSessions;
        _unsyncedSessions = [];
        try
        {
            await Task.WhenAll(sessions.Select(sessionId => _journaledRecords.MakeDurableAsync(_userId, sessionId)));
        }
        catch (Exception error) when (error is StorageError or IOException)
        {
            GrainLog.NewSessionSyncFailed(_logger, error, _userId);
        }
    }

    /// <summary>A create that failed after its line was written must not come back after a crash; logged when that fails too.</summary>
    private async Task JournalFailedCreateAsync(string sessionId)
    {
        try
        {
            await OnSessionRemovingAsync(sessionId);
        }
        catch (Exception error)
        {
            GrainLog.JournalRemovalFailed(_logger, error, _userId, sessionId);
        }
    }

    private async Task AppendJournalAsync(SessionJournalEntry entry)
    {
        await _journalGate.WaitAsync();
        try
        {
            await _journal.AppendAsync(entry);
        }
        finally
        {
            _journalGate.Release();
        }
    }

    /// <summary>
    /// At deactivation: makes every journaled session's record and directory durable, then removes the journal. Its lines
    /// are then no longer needed, and must not outlive this activation: replayed later, a line would put the create-time
    /// record in place of a session record that was damaged afterwards (which must answer <see cref="IntegrityError"/>,
    /// not go back to its first title in silence). A failure leaves the journal for the next open to replay.
    /// </summary>
    private async Task EmptyJournalAsync(CancellationToken cancellationToken)
    {
        if (_journaledRecords is null || _deleting || !_journal.IsLoaded || _journal.Count == 0)
        {
            return;
        }

        await _journalGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var sessionId in _journaledSessions)
            {
                await _journaledRecords.MakeDurableAsync(_userId, sessionId, cancellationToken);
            }

            await _journal.ClearAsync(cancellationToken);
            _journaledSessions.Clear();
            _unsyncedSessions.Clear();
        }
        catch (Exception error) when (error is StorageError or IOException or OperationCanceledException)
        {
            GrainLog.JournalCompactionFailed(_logger, error, _userId);
        }
        finally
        {
            _journalGate.Release();
        }
    }

    /// <summary>
    /// Rebuilds the record of every journaled session (created, not removed) whose stored record is missing or does not
    /// read (a crash before its directory was synced). The index reconciliation that follows lists them again.
    /// </summary>
    private async Task RecoverJournalAsync(CancellationToken cancellationToken)
    {
        if (_journaledRecords is null || _journal.Count == 0)
        {
            return;
        }

        var lines = await _journal.ReadAsync(1, (int)Math.Min(_journal.Count, int.MaxValue), cancellationToken);
        foreach (var entry in SessionJournalEntry.Live(lines.Select(line => line.Value)))
        {
            _journaledSessions.Add(entry.SessionId);
            if (_storedSessions is not null && await ReadStoredAsync(entry.SessionId, cancellationToken) is not null)
            {
                continue;
            }

            var record = JsonSerializer.SerializeToUtf8Bytes(entry.Session!.Value, StorageJson.Documents);
            var session = JsonFiles.FromBytes<ChatSession>(record, $"the session journal line of session {entry.SessionId} of {Subject}");
            if (session.Id != entry.SessionId || session.UserId != _userId)
            {
                throw new IntegrityError($"the session journal of {Subject} holds a line for session {entry.SessionId} whose record names session {session.Id} of user {session.UserId}.");
            }

            await _journaledRecords.RestoreAsync(_userId, entry.SessionId, record, cancellationToken);
            GrainLog.SessionRebuiltFromJournal(_logger, _userId, entry.SessionId);
        }
    }
}
