using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Trash;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ChatDb.Grains.Sessions;

/// <summary>
/// Deletion into the trash and restore from it (docs/STORAGE.md, Trash). The storage moves the whole session
/// directory in one rename, inside this activation's turn, so no write of the session races the move. This activation
/// then forgets the session and deactivates, and a restore is done by an activation that found nothing and deactivates
/// right after, so the next call reads the restored files afresh (log count, documents, context).
/// </summary>
public sealed partial class SessionGrain
{
    public Task<SessionDeletionReport> DeleteAsync() =>
        _options.BackupBeforeDelete && _services.GetService<ITrashStore>() is not null ? TrashAsync() : PurgeAsync();

    public async Task<SessionDeletionReport> TrashAsync()
    {
        RequireSession();
        var trash = RequireTrash();
        await JournalRemovalAsync();
        var messages = _messages.Count;
        var documents = (await _documents.GetAsync()).State.Count;
        var snapshots = (await ListSnapshotNamesAsync()).Count;

        // updated_at is written only at deactivation; the entry keeps it, so a restored session lists where it was.
        if (_updatedAtDirty && _session.State is { } current)
        {
            await _session.WriteOrRevertAsync(current with { UpdatedAt = _updatedAt });
            _updatedAtDirty = false;
        }

        // The event is kept before the move, so the log in the trash ends with it and a restore numbers on after it.
        var now = ChatClock.Now(_time);
        var deleted = new SessionDeleted(_userId, _sessionId, now, new SessionDeletionReport(_userId, _sessionId, messages, documents, snapshots, 0) { TrashedAt = now });
        var eventSeq = await _events.AppendAsync([ChatEventRecord.Of(deleted, messages)], alongside: null);
        var entry = await trash.TrashSessionAsync(_userId, _sessionId, now);
        _session.State = null;
        _deleted = true;
        DeactivateOnIdle();

        var report = deleted.Report with { TrashedAt = entry?.DeletedAt };
        await NotifyUserAsync("the deletion of " + Subject, user => user.OnSessionDeletedAsync(_sessionId));
        if (eventSeq is { } first)
        {
            await _events.PublishAsync([deleted with { Report = report }], first);
        }

        return report;
    }

    public async Task<ChatSession> RestoreFromTrashAsync()
    {
        if (_session.State is not null)
        {
            throw new InconsistentStateException($"{Subject} cannot be restored from the trash: a live session with that id exists; delete it first.");
        }

        await RequireTrash().RestoreSessionAsync(_userId, _sessionId);
        await _session.ReadStateAsync();
        await _messages.ReloadAsync();
        await _events.ReloadAsync();
        DeactivateOnIdle();
        var session = _session.State
            ?? throw new IntegrityError($"{Subject} was restored from the trash but has no readable session record; the files are back in the session's directory for inspection.");
        await _events.AppendAndPublishAsync(new SessionRestored(_userId, _sessionId, ChatClock.Now(_time), session));
        return session;
    }

    private ITrashStore RequireTrash() =>
        _services.GetService<ITrashStore>()
        ?? throw new ConfigurationError($"{Subject}: the trash needs a storage provider with a trash area, such as the flatfile provider (rule: trash-needs-flatfile).");
}
