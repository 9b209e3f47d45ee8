using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Grains.Sessions.Summary;
using ChatDb.Grains.Tokens;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Files;
using ChatDb.Storage.States;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using ChatDb.Storage.Sessions;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orleans.Providers;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Sessions;

/// <summary>
/// One chat session: metadata (state <c>session</c>), messages (log <c>messages</c>, with their edits in log
/// <c>edits</c>), its events (log <c>events</c>), documents (state
/// <c>documents</c> + files <c>documents</c>) and situational context (state <c>context</c> + files
/// <c>context_history</c>). The activation is the only writer of all of them. Activation reads only
/// <c>session.json</c> and the counts of the message and edits logs; documents, context, the event log and the
/// message tail are read by the first call that needs them (a read of messages opens no event log).
/// </summary>
[FencedEntity]
[GrainType(ChatGrainTypes.Session)]
public sealed partial class SessionGrain : Grain, ISessionGrain
{
    private const string DocumentsCollection = "documents";
    private const string ContextHistoryCollection = "context_history";

    private readonly IPersistentState<ChatSession?> _session;
    private readonly OnDemandState<SituationalContext?> _context;
    private readonly OnDemandState<Dictionary<string, DocumentInfo>> _documents;
    private readonly MessageStore _messages;
    private readonly MessageEdits _edits;
    private readonly IGrainFileStorage _files;
    private readonly IDocumentLocations _documentLocations;
    private readonly ChatLimitsOptions _options;
    private readonly SessionSummaryOptions _summary;
    private readonly EntityIdFormat _ids;
    private readonly TimeProvider _time;
    private readonly ChatEventLog _events;
    private readonly ILogger<SessionGrain> _logger;
    private readonly IServiceProvider _services;
    private string _userId = string.Empty;
    private string _sessionId = string.Empty;
    private string _subject = string.Empty;
    private IUserGrain? _user;
    private string? _streamKey;

    // updated_at moves with every message; session.json is rewritten only for title/metadata changes and at
    // deactivation, and a lost update is recovered from the last message by the first call that needs it
    // (reads of messages do not, so a cold read parses only the page it returns).
    private DateTimeOffset _updatedAt;
    private bool _updatedAtRecovered;
    private bool _updatedAtDirty;
    private bool _deleted;

    public SessionGrain(
        [PersistentState("session")] IPersistentState<ChatSession?> session,
        [LazyPersistentState("context")] IPersistentState<SituationalContext?> context,
        [LazyPersistentState("documents")] IPersistentState<Dictionary<string, DocumentInfo>> documents,
        [PersistentLog("messages")] IPersistentLog<ChatMessage> messages,
        [PersistentLog("edits")] IPersistentLog<MessageEdit> edits,
        [PersistentLog("events", LoadOnActivation = false)] IPersistentLog<ChatEventRecord> eventLog,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files,
        IDocumentLocations documentLocations,
        IOptions<ChatLimitsOptions> options,
        IOptions<SessionSummaryOptions> summary,
        EntityIdFormat ids,
        TimeProvider time,
        IChatEventPublisher events,
        ILogger<SessionGrain> logger,
        IServiceProvider services)
    {
        _session = session;
        _context = new OnDemandState<SituationalContext?>(context);
        _documents = new OnDemandState<Dictionary<string, DocumentInfo>>(documents);
        _messages = new MessageStore(messages, services.GetService<MessageTokenCounter>());
        _edits = new MessageEdits(edits);
        _files = files;
        _documentLocations = documentLocations;
        _options = options.Value;
        _summary = summary.Value;
        _ids = ids;
        _time = time;
        _events = new ChatEventLog(eventLog, events, logger, ChatStreams.SessionEvents, () => StreamKey, () => _messages.Count, ChatEventKinds.MessageAdded, time);
        _logger = logger;
        _services = services;
    }

    /// <summary>How errors name this session; built once per activation, since every call's checks pass it along.</summary>
    private string Subject => _subject;

    private string StreamKey => _streamKey ??= ChatStreams.SessionKey(_userId, _sessionId);

    // Resolved once per activation: every message add notifies the user grain, and resolving a grain reference
    // looks its interface type up again each time.
    private IUserGrain User => _user ??= GrainFactory.GetGrain<IUserGrain>(_userId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_userId, _sessionId) = ChatGrainKeys.ParseSession(this.GetPrimaryKeyString(), _ids);
        _subject = $"session {_sessionId} of user {_userId}";
        if (_session.State is { } session)
        {
            _updatedAt = session.UpdatedAt;
        }

        _updatedAtRecovered = _messages.Count == 0;
        return LoadEditsAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_deleted || !_updatedAtDirty || _session.State is not { } session)
        {
            return;
        }

        try
        {
            await _session.WriteOrRevertAsync(session with { UpdatedAt = _updatedAt });
        }
        catch (Exception error)
        {
            GrainLog.SessionFlushFailed(_logger, error, _userId, _sessionId);
        }
    }

    public async Task<ChatSession> InitializeAsync(ChatSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Id != _sessionId || session.UserId != _userId)
        {
            throw new ValidationError($"{Subject}: cannot be initialised with session {session.Id} of user {session.UserId} (rule: key-matches-session).");
        }

        if (_session.State is { } existing)
        {
            await RecoverUpdatedAtAsync();
            return Current(existing);
        }

        // With a storage that journals creates, the user grain's journal line already made this create durable: the
        // record (and the session's directory) is written without waiting for the disk, and the storage syncs it before
        // any durable write of this session (docs/STORAGE.md §6). Its event waits for no fsync either; it becomes durable
        // with that sync.
        var journaled = _services.GetService<IJournaledSessionRecords>();
        if (journaled is not null)
        {
            await journaled.WriteNewAsync(_userId, _sessionId, JsonFiles.ToBytes(session));
            await _session.ReadStateAsync();
        }
        else
        {
            await _session.WriteOrRevertAsync(session);
        }

        _updatedAt = session.UpdatedAt;
        _updatedAtRecovered = true;
        _deleted = false;
        await _events.AppendAndPublishAsync(
            new SessionCreated(_userId, _sessionId, session.CreatedAt, session), journaled is null ? LogDurability.Durable : LogDurability.Deferred);
        return session;
    }

    public async Task<ChatSession> GetAsync()
    {
        var session = RequireSession();
        await RecoverUpdatedAtAsync();
        return Current(session);
    }

    public async Task<ChatSession> UpdateAsync(SessionPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var current = RequireSession();
        await RecoverUpdatedAtAsync();
        var now = ChatClock.Now(_time);
        var updated = current with
        {
            Title = patch.Title is null ? current.Title : TextRules.Require(patch.Title, "session title", TextRules.MaxTitleLength, Subject),
            Metadata = JsonMaps.Merge(current.Metadata, patch.Metadata),
            UpdatedAt = now > _updatedAt ? now : _updatedAt,
        };
        await _session.WriteOrRevertAsync(updated);
        _updatedAt = updated.UpdatedAt;
        _updatedAtDirty = false;
        await NotifyUserAsync("the change of " + Subject, user => user.OnSessionChangedAsync(updated));
        await _events.AppendAndPublishAsync(new SessionUpdated(_userId, _sessionId, now, updated));
        return updated;
    }

    /// <summary>
    /// Clears state and log through their facets (so the providers' ETags and counts stay right), then
    /// asks the file storage to erase everything left of the grain (documents, snapshots; with the
    /// flatfile provider the whole session directory).
    /// </summary>
    public async Task<SessionDeletionReport> PurgeAsync()
    {
        RequireSession();
        await JournalRemovalAsync();
        var messages = _messages.Count;
        var documentState = await _documents.GetAsync();
        var documents = documentState.State.Count;
        var snapshots = (await ListSnapshotNamesAsync()).Count;
        await (await _context.GetAsync()).ClearStateAsync();
        await documentState.ClearStateAsync();
        await _messages.ClearAsync();
        await _edits.ClearAsync();
        var eventSeq = await _events.CountAsync() + 1;
        await _events.ClearAsync();
        await _session.ClearStateAsync();
        var filesRemoved = await _files.DeleteAllAsync(this.GetGrainId());
        _deleted = true;
        DeactivateOnIdle();

        var report = new SessionDeletionReport(_userId, _sessionId, messages, documents, snapshots, filesRemoved);
        await NotifyUserAsync("the deletion of " + Subject, user => user.OnSessionDeletedAsync(_sessionId));
        // The log went with the session: its last event is published with the seq it would have had, and not kept.
        await _events.PublishAsync([new SessionDeleted(_userId, _sessionId, ChatClock.Now(_time), report)], eventSeq);
        return report;
    }

    /// <summary>
    /// Moves <c>updated_at</c> up to the last message's timestamp when <c>session.json</c> missed it (written
    /// only at deactivation, so a crash loses it). Once per activation, by the first call that needs it.
    /// </summary>
    private async Task RecoverUpdatedAtAsync()
    {
        if (_updatedAtRecovered)
        {
            return;
        }

        if (await _messages.LastAsync() is { } last && last.Timestamp > _updatedAt && last.Timestamp <= ChatClock.Now(_time))
        {
            _updatedAt = last.Timestamp;
        }

        _updatedAtRecovered = true;
    }

    /// <summary>
    /// Before the session's files go: with a storage that journals creates, the session's files are made durable (the
    /// journal stops rebuilding them) and the user grain records the removal, so the creation line never brings the
    /// session back after a crash. Not caught: without it, nothing is removed.
    /// </summary>
    private async Task JournalRemovalAsync()
    {
        if (_services.GetService<IJournaledSessionRecords>() is { } journaled)
        {
            await journaled.MakeDurableAsync(_userId, _sessionId);
            await User.OnSessionRemovingAsync(_sessionId);
        }
    }

    private ChatSession RequireSession() =>
        _session.State ?? throw new NotFoundError($"{Subject} does not exist.");

    private ChatSession Current(ChatSession stored) => stored.UpdatedAt == _updatedAt ? stored : stored with { UpdatedAt = _updatedAt };

    /// <summary>The user grain's index is secondary: the session's own change is stored, so a failed notification is logged, not thrown.</summary>
    private async Task NotifyUserAsync(string what, Func<IUserGrain, Task> notify)
    {
        try
        {
            await notify(User);
        }
        catch (Exception error)
        {
            GrainLog.NotificationFailed(_logger, error, "user " + _userId, what);
        }
    }
}
