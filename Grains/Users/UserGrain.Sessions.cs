using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Users;

/// <summary>
/// The session index. It is derived data: a session exists once its own <c>session.json</c> is durable,
/// and with a storage that lists its sessions (<see cref="ChatDb.Storage.Sessions.IUserSessionDirectory"/>: the
/// flatfile provider's session directories) the index is rebuilt from that list whenever it lags
/// (<see cref="ReconcileWithStorageAsync"/>, at activation). So it is written by what its changes are worth:
/// <list type="bullet">
/// <item>delete, title and metadata changes are written before the call returns;</item>
/// <item>a create (with a storage that lists sessions; except the user's first, which creates the index file) and activity (a session's <c>updated_at</c> moving on) only
/// change memory, and are written by a one-shot grain timer <see cref="ActivityFlushDelay"/> after the
/// first unsaved change, by the next write of another kind, and at deactivation. A create therefore costs
/// the fsyncs of <c>session.json</c> only, and never a rewrite of the whole index; with a storage that journals
/// creates (UserGrain.Journal.cs) it costs one fsync, the journal line's.</item>
/// </list>
/// The index is the only list of a user's sessions, so listing never activates session grains. After a
/// crash the index may miss the sessions created in the last <see cref="ActivityFlushDelay"/> (they are
/// added back from their directories on the next activation) and its <c>updated_at</c> values may lag
/// (list order slightly stale); each session's own <c>updated_at</c> stays right, because the session
/// grain recovers it from its last message. A storage without sessions to list (the memory providers)
/// gets every create written before the call returns, as before.
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>How long activity may stay unsaved in the index.</summary>
    public static readonly TimeSpan ActivityFlushDelay = TimeSpan.FromSeconds(5);

    private const string DefaultTitle = "New chat";

    // The notification methods interleave with other requests, so index writes are serialised here.
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private readonly Dictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);
    private string? _lastIssuedId;
    private bool _indexDirty;
    private bool _deleting;
    private IGrainTimer? _flushTimer;

    public async Task<ChatSession> CreateSessionAsync(string? title, Dictionary<string, JsonElement>? metadata)
    {
        StorageLimits.EnsureWithin(nameof(_options.MaxSessionsPerUser), _options.MaxSessionsPerUser, _sessions.Count + 1, $"session count of {Subject}");
        var validTitle = title is null ? DefaultTitle : TextRules.Require(title, "session title", TextRules.MaxTitleLength, Subject);
        var sessionId = ChatClock.NextId(_ids, GeneratedIdKind.Session, _time, _lastIssuedId);
        while (_sessions.ContainsKey(sessionId))
        {
            sessionId = ChatClock.NextId(_ids, GeneratedIdKind.Session, _time, sessionId);
        }

        // The id counts as issued from here on, even if creating the session fails below.
        _lastIssuedId = sessionId;
        var now = ChatClock.Now(_time);
        var session = new ChatSession(sessionId, _userId, validTitle, now, now, JsonMaps.Copy(metadata));

        // Journal first (when the storage keeps one: then this line is the create's one fsync, and the session grain
        // writes its directory without waiting for the disk), session second, index last: a crash in between leaves
        // a session the journal or its directory holds and the next activation lists, never a listed session that
        // does not exist.
        var journaled = await JournalCreateAsync(session);
        ChatSession created;
        try
        {
            created = await GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, sessionId)).InitializeAsync(session);
        }
        catch when (journaled)
        {
            await JournalFailedCreateAsync(sessionId);
            throw;
        }

        _sessions[sessionId] = created;

        // The user's first session writes the index at once, so a user with sessions always has an index
        // file (tools and listings of the directory see a stable shape); later creates leave it to the timer.
        if (_storedSessions is null || !_index.RecordExists)
        {
            await PersistIndexAsync();
            if (journaled)
            {
                // Its directory is synced with those of the creates that follow, by the same timer.
                StartFlushTimer();
            }
        }
        else
        {
            MarkIndexDirty();
        }

        return created;
    }

    public Task<IReadOnlyList<ChatSession>> ListSessionsAsync(int? limit, int offset, string? titleQuery) =>
        ListSessionsWithMetadataAsync(limit, offset, titleQuery, new Dictionary<string, string>());

    public Task<IReadOnlyList<ChatSession>> ListSessionsWithMetadataAsync(int? limit, int offset, string? titleQuery, IReadOnlyDictionary<string, string> metadata)
    {
        var take = TextRules.ValidateLimit(limit, _options.SessionListDefaultLimit, $"session list of {Subject}");
        var skip = TextRules.ValidateOffset(offset, $"session list of {Subject}");
        IEnumerable<ChatSession> sessions = _sessions.Values;
        if (!string.IsNullOrEmpty(titleQuery))
        {
            sessions = sessions.Where(s => s.Title.Contains(titleQuery, StringComparison.OrdinalIgnoreCase));
        }

        if (!MetadataMatch.IsEmpty(metadata))
        {
            sessions = sessions.Where(s => MetadataMatch.Matches(s.Metadata, metadata));
        }

        IReadOnlyList<ChatSession> page = sessions
            .OrderByDescending(s => s.UpdatedAt)
            .ThenByDescending(s => s.Id, StringComparer.Ordinal)
            .Skip(skip)
            .Take(take)
            .ToList();
        return Task.FromResult(page);
    }

    public Task<int> CountSessionsAsync() => Task.FromResult(_sessions.Count);

    public async Task OnSessionChangedAsync(ChatSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_deleting || session.UserId != _userId || !_sessions.ContainsKey(session.Id))
        {
            return;
        }

        _sessions[session.Id] = session;
        await PersistIndexAsync();
    }

    public Task OnSessionActivityAsync(string sessionId, DateTimeOffset updatedAt)
    {
        if (!_deleting && _sessions.TryGetValue(sessionId, out var session) && updatedAt > session.UpdatedAt)
        {
            _sessions[sessionId] = session with { UpdatedAt = updatedAt };
            MarkIndexDirty();
        }

        return Task.CompletedTask;
    }

    public async Task OnSessionDeletedAsync(string sessionId)
    {
        if (!_deleting && _sessions.Remove(sessionId))
        {
            await PersistIndexAsync();
        }
    }

    private void LoadIndex()
    {
        _sessions.Clear();
        foreach (var session in _index.State.Sessions)
        {
            _sessions[session.Id] = session;
        }

        _lastIssuedId = _index.State.LastIssuedId;
    }

    /// <summary>Memory is ahead of the stored index: write it within <see cref="ActivityFlushDelay"/>.</summary>
    private void MarkIndexDirty()
    {
        _indexDirty = true;
        StartFlushTimer();
    }

    /// <summary>The one-shot timer that writes a dirty index and syncs the directories of new sessions, unless it is already set.</summary>
    private void StartFlushTimer()
    {
        _flushTimer ??= this.RegisterGrainTimer(
            FlushActivityOnTimerAsync,
            new GrainTimerCreationOptions { DueTime = ActivityFlushDelay, Period = Timeout.InfiniteTimeSpan });
    }

    /// <summary>
    /// Brings the loaded index in line with the sessions the storage holds: sessions whose record
    /// (<c>session.json</c>) is there but which the index misses (created shortly before a crash) are added
    /// from that record, listed sessions the storage no longer has are dropped. One listing per activation;
    /// a record is read only for a missing session.
    /// </summary>
    private async Task ReconcileWithStorageAsync(CancellationToken cancellationToken)
    {
        if (_storedSessions is null)
        {
            return;
        }

        var stored = await _storedSessions.ListSessionIdsAsync(_userId, cancellationToken);
        var present = new HashSet<string>(stored, StringComparer.Ordinal);
        var gone = _sessions.Keys.Where(id => !present.Contains(id)).ToList();
        foreach (var id in gone)
        {
            _sessions.Remove(id);
        }

        var added = 0;
        foreach (var id in stored.Where(id => !_sessions.ContainsKey(id)))
        {
            if (await ReadStoredAsync(id, cancellationToken) is { } session)
            {
                _sessions[id] = session;
                added++;
            }

            // A stored session counts as issued even without a readable record: its id is never handed out again.
            if (_lastIssuedId is null || string.CompareOrdinal(id, _lastIssuedId) > 0)
            {
                _lastIssuedId = id;
            }
        }

        if (added > 0 || gone.Count > 0)
        {
            GrainLog.SessionIndexReconciled(_logger, _userId, added, gone.Count);
            MarkIndexDirty();
        }
    }

    private async Task<ChatSession?> ReadStoredAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            // No session.json: the create never got as far as storing the session, so it was never acknowledged.
            if (await _storedSessions!.ReadSessionAsync(_userId, sessionId, cancellationToken) is not { } bytes)
            {
                return null;
            }

            var session = JsonFiles.FromBytes<ChatSession>(bytes, $"session.json of session {sessionId} of {Subject}");
            return session.Id == sessionId && session.UserId == _userId ? session : null;
        }
        catch (IntegrityError error)
        {
            GrainLog.UnlistableSession(_logger, error, _userId, sessionId);
            return null;
        }
    }

    private async Task FlushActivityOnTimerAsync(CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        await SyncNewSessionsAsync();
        await FlushActivityAsync();
    }

    private async Task FlushActivityAsync()
    {
        if (!_indexDirty || _deleting)
        {
            return;
        }

        try
        {
            await PersistIndexAsync();
        }
        catch (Exception error)
        {
            GrainLog.SessionIndexFlushFailed(_logger, error, _userId);
        }
    }

    /// <summary>Writes a snapshot of the index; what changes while it is written goes into the next write.</summary>
    private async Task PersistIndexAsync()
    {
        await _indexGate.WaitAsync();
        try
        {
            if (_deleting)
            {
                return;
            }

            _indexDirty = false;
            _index.State = new SessionIndex
            {
                LastIssuedId = _lastIssuedId,
                Sessions = [.. _sessions.Values.OrderBy(s => s.Id, StringComparer.Ordinal)],
            };
            await _index.WriteStateAsync();
        }
        catch
        {
            _indexDirty = true;
            throw;
        }
        finally
        {
            _indexGate.Release();
        }
    }
}
