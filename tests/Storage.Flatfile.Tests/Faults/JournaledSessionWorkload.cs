using System.Text;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Sessions;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// Session creates the way the user and session grains make them with a journaling storage (docs/STORAGE.md §6): the
/// journal line (the one durable write), then <c>session.json</c> without fsync, then the deferred session_created event;
/// a first message; a move to the trash and a purge, each after its files were made durable and its removal line written. It records what was acknowledged and
/// checks a recovered tree against it: every acknowledged session there with its record and messages, no session whose
/// removal was acknowledged back.
/// </summary>
/// <summary>The fields of a session record the workload writes.</summary>
internal sealed record FaultSession(string Id, string UserId, string Title);

internal sealed class JournaledSessionWorkload
{
    public const string User = "alice";
    private static readonly DateTimeOffset TrashedAt = new(2025, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly GrainId UserGrain = GrainId.Create(ChatGrainTypes.User, User);

    private readonly Dictionary<string, Progress> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (List<FaultMessage> Acked, FaultMessage? InFlight)> _messages = new(StringComparer.Ordinal);
    private long _journalLines;

    private enum Progress
    {
        Creating,
        Created,
        Removing,
        Removed,
    }

    public int Acknowledged { get; private set; }

    public static string SessionId(int index) => $"chat_session_20250102_030405_{index:D6}";

    public static GrainId Session(string sessionId) => GrainId.Create(ChatGrainTypes.Session, $"{User}/{sessionId}");

    public static byte[] Record(string sessionId) => Encoding.UTF8.GetBytes(
        $$"""{"id": "{{sessionId}}", "user_id": "{{User}}", "title": "title of {{sessionId}}", "created_at": "2025-01-02T03:04:05.000000Z"}""");

    public async Task RunAsync(FaultStore store)
    {
        await CreateAsync(store, SessionId(1));
        await AppendMessageAsync(store, SessionId(1), "first message");
        await CreateAsync(store, SessionId(2));
        await TrashAsync(store, SessionId(2));
        await CreateAsync(store, SessionId(3));
        await PurgeAsync(store, SessionId(3));
        await CreateAsync(store, SessionId(4));
    }

    /// <summary>The user grain's journal line, then the session grain's record and event.</summary>
    public async Task CreateAsync(FaultStore store, string sessionId)
    {
        _sessions[sessionId] = Progress.Creating;
        var session = JsonDocument.Parse(Record(sessionId)).RootElement.Clone();
        await AppendJournalAsync(store, new SessionJournalEntry(sessionId, SessionJournalAction.Created, session));
        await store.SessionRecords.WriteNewAsync(User, sessionId, Record(sessionId));
        await store.Logs.AppendAsync(ChatGrainFacets.EventsLog, Session(sessionId), [new FaultDoc("session_created")], 0, LogDurability.Deferred);
        _sessions[sessionId] = Progress.Created;
        Acknowledged++;
    }

    public async Task AppendMessageAsync(FaultStore store, string sessionId, string text)
    {
        if (!_messages.TryGetValue(sessionId, out var log))
        {
            log = ([], null);
        }

        var message = new FaultMessage($"{sessionId}-{log.Acked.Count + 1}", text);
        _messages[sessionId] = (log.Acked, message);
        await store.Logs.AppendAsync(ChatGrainFacets.MessagesLog, Session(sessionId), [message], log.Acked.Count);
        log.Acked.Add(message);
        _messages[sessionId] = (log.Acked, null);
        Acknowledged++;
    }

    private async Task TrashAsync(FaultStore store, string sessionId)
    {
        _sessions[sessionId] = Progress.Removing;
        await store.SessionRecords.MakeDurableAsync(User, sessionId);
        await AppendJournalAsync(store, new SessionJournalEntry(sessionId, SessionJournalAction.Removed));
        await store.Trash.TrashSessionAsync(User, sessionId, TrashedAt);
        _sessions[sessionId] = Progress.Removed;
        Acknowledged++;
    }

    /// <summary>As the session grain purges: the removal line, the record cleared, the logs and the directory deleted.</summary>
    private async Task PurgeAsync(FaultStore store, string sessionId)
    {
        _sessions[sessionId] = Progress.Removing;
        await store.SessionRecords.MakeDurableAsync(User, sessionId);
        await AppendJournalAsync(store, new SessionJournalEntry(sessionId, SessionJournalAction.Removed));
        var state = new GrainState<FaultSession>(new FaultSession("", "", ""));
        await store.State.ReadStateAsync(ChatGrainFacets.SessionState, Session(sessionId), state);
        await store.State.ClearStateAsync(ChatGrainFacets.SessionState, Session(sessionId), state);
        await store.Logs.ClearAsync(ChatGrainFacets.EventsLog, Session(sessionId));
        await store.Files.DeleteAllAsync(Session(sessionId));
        _sessions[sessionId] = Progress.Removed;
        Acknowledged++;
    }

    private async Task AppendJournalAsync(FaultStore store, SessionJournalEntry entry)
    {
        await store.Logs.AppendAsync(ChatGrainFacets.SessionJournalLog, UserGrain, [entry], _journalLines);
        _journalLines++;
    }

    /// <summary>Checks the reopened (so recovered) tree against what was acknowledged.</summary>
    public async Task CheckAsync(FaultStore store, string root, string context)
    {
        var layout = store.Directory.Layout;
        foreach (var (sessionId, progress) in _sessions)
        {
            var file = layout.SessionMetadataFile(User, sessionId);
            var present = File.Exists(file);
            if (present)
            {
                // Whatever is there is whole: the record as created, never a torn or foreign one.
                using var stored = JsonDocument.Parse(File.ReadAllBytes(file));
                Assert.Equal($"title of {sessionId}", stored.RootElement.GetProperty("title").GetString());
            }

            switch (progress)
            {
                case Progress.Created:
                    Assert.True(present, $"{context}: session {sessionId} was acknowledged but has no session.json");
                    break;
                case Progress.Removed:
                    Assert.False(Directory.Exists(layout.SessionDirectory(User, sessionId)), $"{context}: session {sessionId} came back after its removal was acknowledged: "
                        + string.Join(", ", Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p))));
                    break;
            }
        }

        // A session's activation opens its event log, which cuts a deferred event a crash tore; so does this reader.
        foreach (var sessionId in _sessions.Keys.Where(id => File.Exists(layout.SessionEventsFile(User, id))))
        {
            await store.Logs.CountAsync(ChatGrainFacets.EventsLog, Session(sessionId));
        }

        foreach (var (sessionId, (acked, inFlight)) in _messages)
        {
            var stored = (await store.Logs.ReadAsync<FaultMessage>(ChatGrainFacets.MessagesLog, Session(sessionId), 1, int.MaxValue)).Select(e => e.Value).ToList();
            Assert.True(stored.Count >= acked.Count, $"{context}: session {sessionId} holds {stored.Count} messages, {acked.Count} were acknowledged");
            Assert.Equal(acked, stored.Take(acked.Count));
            Assert.True(stored.Count <= acked.Count + (inFlight is null ? 0 : 1), $"{context}: session {sessionId} holds messages never written");
        }

        // The open replayed the journal and emptied it: its lines were needed only until their sessions were durable.
        var journal = Path.Join(root, "users", User, FlatfileLayout.SessionJournalFilename);
        Assert.True(!File.Exists(journal) || new FileInfo(journal).Length == 0, $"{context}: the session journal was not emptied by the open");
    }
}
