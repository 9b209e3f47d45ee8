using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Runtime;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Grains.Users;

/// <summary>
/// The session index. Writing the index on every message would cost an fsync per message on top of
/// the message's own, so changes are persisted by what they are worth:
/// <list type="bullet">
/// <item>create, delete, title and metadata changes are written before the call returns;</item>
/// <item>activity (a session's <c>updated_at</c> moving on) only changes memory, and is written by a
/// one-shot grain timer <see cref="ActivityFlushDelay"/> after the first unsaved change, by the next
/// write of another kind, and at deactivation.</item>
/// </list>
/// The index is the only list of a user's sessions, so listing never activates session grains. The
/// price: after a crash, <c>updated_at</c> in the index may be up to <see cref="ActivityFlushDelay"/>
/// behind (list order slightly stale); each session's own <c>updated_at</c> stays right, because the
/// session grain recovers it from its last message. Reconciling at activation would mean activating
/// every session (up to MaxSessionsPerUser), which is not cheap, so it is not done.
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
    private bool _activityDirty;
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

        // Session first, index second: a crash in between leaves an unlisted session directory (removed with
        // the user), never a listed session that does not exist.
        var created = await GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, sessionId)).InitializeAsync(session);
        _sessions[sessionId] = created;
        await PersistIndexAsync();
        return created;
    }

    public Task<IReadOnlyList<ChatSession>> ListSessionsAsync(int? limit, int offset, string? titleQuery)
    {
        var take = TextRules.ValidateLimit(limit, _options.SessionListDefaultLimit, $"session list of {Subject}");
        var skip = TextRules.ValidateOffset(offset, $"session list of {Subject}");
        IEnumerable<ChatSession> sessions = _sessions.Values;
        if (!string.IsNullOrEmpty(titleQuery))
        {
            sessions = sessions.Where(s => s.Title.Contains(titleQuery, StringComparison.OrdinalIgnoreCase));
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
            _activityDirty = true;
            _flushTimer ??= RegisterGrainTimer(
                FlushActivityOnTimerAsync,
                new GrainTimerCreationOptions { DueTime = ActivityFlushDelay, Period = Timeout.InfiniteTimeSpan });
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

    private async Task FlushActivityOnTimerAsync(CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        await FlushActivityAsync();
    }

    private async Task FlushActivityAsync()
    {
        if (!_activityDirty || _deleting)
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

            _activityDirty = false;
            _index.State = new SessionIndex
            {
                LastIssuedId = _lastIssuedId,
                Sessions = [.. _sessions.Values.OrderBy(s => s.Id, StringComparer.Ordinal)],
            };
            await _index.WriteStateAsync();
        }
        catch
        {
            _activityDirty = true;
            throw;
        }
        finally
        {
            _indexGate.Release();
        }
    }
}
