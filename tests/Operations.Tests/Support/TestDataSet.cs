using System.Globalization;
using System.Text.Json;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Json;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Operations.Tests.Support;

/// <summary>
/// Builds a data directory with every entity kind through Storage.Flatfile's own writers (layout, document
/// store, append log): global and user personas with versions, users with profiles and a derived session
/// index, sessions with messages, context, context history, documents (+ analysis), panels with persona
/// snapshots, messages and insights, system config and a module's files; each session has an edits log.
/// </summary>
public sealed class TestDataSet
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public required FlatfileStorageOptions Options { get; init; }

    public required IReadOnlyList<(string User, string Session)> Sessions { get; init; }

    public required IReadOnlyList<string> Panels { get; init; }

    public long Messages { get; init; }

    public FlatfileLayout Layout => new(Options);

    /// <param name="directory">The data directory (created).</param>
    /// <param name="users">Number of users.</param>
    /// <param name="sessionsPerUser">Sessions per user; session i of a user is touched i*10 days after <see cref="Epoch"/>.</param>
    /// <param name="messagesPerSession">Messages per session (more than 64 gives the log an offset index).</param>
    public static async Task<TestDataSet> CreateAsync(string directory, int users = 2, int sessionsPerUser = 2, int messagesPerSession = 70)
    {
        var options = new FlatfileStorageOptions { StorageBasePath = directory, Durability = Durability.OsBuffered };
        var clock = new FakeTimeProvider(Epoch);
        var ids = new EntityIds(options.IdFormat(), clock);
        var sessions = new List<(string, string)>();
        var panels = new List<string>();
        long messages = 0;
        using (var data = FlatfileDataDirectory.Open(options))
        {
            var layout = data.Layout;
            var store = data.Documents;
            await store.WriteAsync(layout.SystemConfigFile, new Dictionary<string, object> { ["schema"] = 1, ["name"] = "test", [DataFormat.VersionField] = DataFormat.Current });
            await WritePersonaAsync(store, layout.GlobalPersonaFile("sage"), v => layout.GlobalPersonaVersionFile("sage", v), "sage", null);
            Directory.CreateDirectory(layout.ModuleDirectory("memory"));
            await File.WriteAllTextAsync(Path.Join(layout.ModuleDirectory("memory"), "facts.json"), "{\"facts\":[1,2]}");

            for (var u = 0; u < users; u++)
            {
                var user = $"user{u}";
                await store.WriteAsync(layout.UserProfileFile(user), new UserProfile(user, u == 0 ? "Ünïcode \"User\"" : null, Epoch, Epoch, new() { ["theme"] = Json("\"dark\"") }, []));
                await WritePersonaAsync(store, layout.UserPersonaFile(user, "coach"), v => layout.UserPersonaVersionFile(user, "coach", v), "coach", user);
                var userSessions = new List<string>();
                for (var s = 0; s < sessionsPerUser; s++)
                {
                    var session = ids.NewSessionId();
                    userSessions.Add(session);
                    sessions.Add((user, session));
                    var touched = Epoch.AddDays(s * 10);
                    await store.WriteAsync(layout.SessionMetadataFile(user, session), new ChatSession(session, user, $"Chat {s}", Epoch, touched, new() { ["model"] = Json("\"m\"") }));
                    await store.WriteAsync(layout.SituationalContextFile(user, session), new SituationalContext("Planning", ["a", "b"], new() { ["places"] = ["Lisbon"] }, Epoch, 0.5));
                    var contextId = ids.NewContextId();
                    await store.WriteAsync(layout.ContextSnapshotFile(user, session, contextId), new SituationalContext("Earlier", [], [], Epoch, 0.25));
                    var bytes = Enumerable.Range(0, 1000 + s).Select(i => (byte)(i * 7)).ToArray();
                    Directory.CreateDirectory(layout.DocumentsDirectory(user, session));
                    await File.WriteAllBytesAsync(layout.DocumentFile(user, session, "notes.pdf"), bytes);
                    var docPath = $"users/{user}/{session}/documents/notes.pdf";
                    await store.WriteAsync(layout.DocumentMetadataFile(user, session), new Dictionary<string, DocumentInfo>
                    {
                        ["notes.pdf"] = new("notes.pdf", docPath, "application/pdf", bytes.Length, Epoch, new() { ["pages"] = Json("3") }),
                    });
                    Directory.CreateDirectory(layout.DocumentAnalysisDirectory(user, session));
                    await File.WriteAllTextAsync(Path.Join(layout.DocumentAnalysisDirectory(user, session), "notes.json"), "{\"summary\":\"long\"}");
                    messages += await WriteMessagesAsync(layout.SessionMessagesFile(user, session), messagesPerSession, i => i % 2 == 0 ? "user" : "assistant", touched);
                    await WriteEditsAsync(layout.SessionEditsFile(user, session), touched);
                    await WriteEventsAsync(layout.SessionEventsFile(user, session), ChatEventKinds.MessageAdded, messagesPerSession, touched,
                        new ContextUpdated(user, session, touched, new SituationalContext("Planning", ["a", "b"], [], touched, 0.5)));
                }

                var index = Path.Join(layout.UserDirectory(user), ".index");
                Directory.CreateDirectory(index);
                await File.WriteAllTextAsync(Path.Join(index, "sessions.json"), JsonSerializer.Serialize(new { sessions = userSessions }));
            }

            var panel = ids.NewPanelId();
            panels.Add(panel);
            await store.WriteAsync(layout.PanelMetadataFile(panel), new Panel(panel, "multi_persona", ["sage", "critic"], Epoch, new() { ["rounds"] = Json("2") }));
            await store.WriteAsync(layout.PanelPersonaFile(panel, "sage"), new Persona("sage", null, 2, new() { ["name"] = Json("\"Sage\"") }, Epoch));
            foreach (var age in (int[])[0, 200])
            {
                var insight = ids.NewInsightId();
                await store.WriteAsync(layout.PanelInsightFile(panel, insight), new PanelInsight(insight, panel, Epoch.AddDays(age), new() { ["conclusion"] = Json("\"agree\"") }));
            }

            messages += await WriteMessagesAsync(layout.PanelMessagesFile(panel), 5, i => i % 2 == 0 ? "sage" : "critic", Epoch);
            await WriteEventsAsync(layout.PanelEventsFile(panel), ChatEventKinds.PanelMessageAdded, 5, Epoch, null);
        }

        return new TestDataSet { Options = options, Sessions = sessions, Panels = panels, Messages = messages };
    }

    private static async Task WritePersonaAsync(Storage.Flatfile.Documents.JsonDocumentStore store, string current, Func<int, string> version, string id, string? user)
    {
        for (var v = 1; v <= 2; v++)
        {
            await store.WriteAsync(version(v), new Persona(id, user, v, new() { ["name"] = Json($"\"{id} v{v}\"") }, Epoch.AddHours(v)));
        }

        await store.WriteAsync(current, new Persona(id, user, 2, new() { ["name"] = Json($"\"{id} v2\"") }, Epoch.AddHours(2)));
    }

    private static async Task<long> WriteMessagesAsync(string path, int count, Func<int, string> role, DateTimeOffset at)
    {
        var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FsyncOnCommit = false });
        await using (log)
        {
            var batch = new List<ReadOnlyMemory<byte>>();
            for (var i = 0; i < count; i++)
            {
                var message = new ChatMessage($"msg_{i}", i + 1, role(i), $"message {i}: ünïcode \"quoted\"\nline two", at.AddSeconds(i),
                    i == 0 ? ["notes.pdf"] : [], new() { ["tokens"] = Json(i.ToString(CultureInfo.InvariantCulture)) });
                batch.Add(LogRecordOf(message));
            }

            await log.AppendBatchAsync(batch);
        }

        return count;
    }

    /// <summary>The session's edits log: an edit of message 1 and a deletion of message 2.</summary>
    private static async Task WriteEditsAsync(string path, DateTimeOffset at)
    {
        var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FsyncOnCommit = false });
        await using (log)
        {
            await log.AppendBatchAsync([
                JsonSerializer.SerializeToUtf8Bytes(new MessageEdit(MessageEditKind.Edit, 1, at) { Content = "message 0, edited", Metadata = new() { ["tokens"] = Json("4") } }, StorageJson.Lines),
                JsonSerializer.SerializeToUtf8Bytes(new MessageEdit(MessageEditKind.Delete, 2, at), StorageJson.Lines),
            ]);
        }
    }

    /// <summary>An event log: a reference per message, then an edit of message 1 (edits record 1) and one whole event.</summary>
    private static async Task WriteEventsAsync(string path, string messageAdded, int messages, DateTimeOffset at, ChatEvent? whole)
    {
        var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FsyncOnCommit = false });
        await using (log)
        {
            var records = Enumerable.Range(1, messages).Select(seq => new ChatEventRecord(messageAdded, at, seq) { MessageSeq = seq }).ToList();
            if (whole is not null)
            {
                records.Add(new ChatEventRecord(ChatEventKinds.MessageEdited, at, messages) { MessageSeq = 1, EditSeq = 1 });
                records.Add(ChatEventRecord.Of(whole, messages));
            }

            await log.AppendBatchAsync([.. records.Select(r => (ReadOnlyMemory<byte>)JsonSerializer.SerializeToUtf8Bytes(r, StorageJson.Lines))]);
        }
    }

    /// <summary>A message as the log stores it: the model's JSON without <c>seq</c> (the log writes it first).</summary>
    public static byte[] LogRecordOf(ChatMessage message)
    {
        var node = JsonSerializer.SerializeToNode(message, StorageJson.Lines)!.AsObject();
        node.Remove("seq");
        return JsonSerializer.SerializeToUtf8Bytes(node, StorageJson.Lines);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
