using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Trash;
using Orleans.Storage;

namespace ChatDb.Grains.Users;

/// <summary>
/// The user's trash: listing it, bringing a session back into the index, and deleting the whole user into it
/// (docs/STORAGE.md, Trash). The index follows the session directories, so a crash between a restore and the index
/// write is repaired by <see cref="ReconcileWithStorageAsync"/> on the next activation.
/// </summary>
public sealed partial class UserGrain
{
    public async Task<IReadOnlyList<TrashItem>> ListTrashAsync()
    {
        if (_trash is null)
        {
            return [];
        }

        var entries = await _trash.ListUserAsync(_userId);
        return [.. entries.Select(TrashItems.From)];
    }

    public async Task<ChatSession> RestoreSessionAsync(string sessionId)
    {
        _ids.Validate(GeneratedIdKind.Session, sessionId);
        if (_sessions.ContainsKey(sessionId))
        {
            throw new InconsistentStateException($"session {sessionId} of {Subject} cannot be restored from the trash: a live session with that id exists; delete it first.");
        }

        StorageLimits.EnsureWithin(nameof(_options.MaxSessionsPerUser), _options.MaxSessionsPerUser, _sessions.Count + 1, $"session count of {Subject}");
        var session = await GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, sessionId)).RestoreFromTrashAsync();
        _sessions[sessionId] = session;
        if (_lastIssuedId is null || string.CompareOrdinal(sessionId, _lastIssuedId) > 0)
        {
            _lastIssuedId = sessionId;
        }

        await PersistIndexAsync();
        return session;
    }

    /// <summary>
    /// Each session goes to the trash through its own grain (so no activation keeps writing a moved session), then
    /// the rest of the user's directory moves as one user entry.
    /// </summary>
    public async Task<UserDeletionReport> DeleteToTrashAsync()
    {
        var trash = _trash ?? throw new ConfigurationError($"{Subject}: the trash needs a storage provider with a trash area, such as the flatfile provider (rule: trash-needs-flatfile).");
        _deleting = true;
        SessionDeletionReport?[] sessionReports;
        try
        {
            sessionReports = await Task.WhenAll(_sessions.Keys.ToList().Select(TrashSessionAsync));
        }
        catch
        {
            // Some sessions may be in the trash already: start over from storage on the next call.
            DeactivateOnIdle();
            throw;
        }

        var profileExisted = _profile.RecordExists;
        var personas = await GrainFactory.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(_userId)).ListIdsAsync();
        TrashEntry? entry;
        await _indexGate.WaitAsync();
        try
        {
            entry = await trash.TrashUserAsync(_userId, ChatClock.Now(_time));
            _profile.State = null;
            _sessions.Clear();
            _lastIssuedId = null;
            _indexDirty = false;
        }
        finally
        {
            _indexGate.Release();
        }

        DeactivateOnIdle();
        var trashed = sessionReports.OfType<SessionDeletionReport>().ToList();
        return new UserDeletionReport(
            _userId,
            profileExisted,
            trashed.Count,
            trashed.Sum(r => r.Messages),
            trashed.Sum(r => r.Documents),
            personas.Count,
            0)
        {
            TrashedAt = entry?.DeletedAt ?? trashed.Select(r => r.TrashedAt).Max(),
        };
    }

    private async Task<SessionDeletionReport?> TrashSessionAsync(string sessionId)
    {
        try
        {
            return await GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, sessionId)).TrashAsync();
        }
        catch (NotFoundError)
        {
            return null;
        }
    }
}
