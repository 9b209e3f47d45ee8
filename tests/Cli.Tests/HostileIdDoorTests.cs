using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Client;
using ChatDb.Grains.Models;

namespace ChatDb.Cli.Tests;

/// <summary>
/// The shared hostile-id corpus through the doors beside the REST routes (which <c>Api.Tests</c> covers): a
/// client facade (<see cref="ChatDbClient"/> or <see cref="ChatDbRestClient"/>) and the <c>chatdb</c> commands
/// through the same door, in every id slot they have, against a silo on flatfile. Each is refused with a
/// validation error naming the rule; afterwards nothing exists outside the data directory, the data directory
/// holds what it held before, and the acknowledged message written before is still there.
/// </summary>
public abstract class HostileIdDoorTests : IAsyncLifetime
{
    private const string Keeper = "keeper";
    private const string MemoryId = "mem_00000000000000000000000000000000";
    private static readonly NewMessage Message = new() { Role = "user", Content = "x" };
    private IChatDb _chat = null!;
    private ChatSession _session = null!;
    private ChatMessage _kept = null!;

    public static IEnumerable<object[]> Cases => HostileIds.Cases;

    /// <summary>Opens the facade of the door under test.</summary>
    protected abstract Task<IChatDb> OpenAsync();

    /// <summary>Runs <c>chatdb args...</c> through the door under test.</summary>
    protected abstract Task<CliRun> RunAsync(string[] args);

    /// <summary>Every entry under the silo's temporary root.</summary>
    protected abstract string[] Entries();

    public virtual async Task InitializeAsync()
    {
        _chat = await OpenAsync();
        _session = (await _chat.ListSessionsAsync(Keeper)).FirstOrDefault() ?? await _chat.CreateSessionAsync(Keeper, "kept");
        _kept = (await _chat.GetMessagesAsync(Keeper, _session.Id, MessageQuery.Default)).FirstOrDefault()
            ?? await _chat.AddMessageAsync(Keeper, _session.Id, new NewMessage { Role = "user", Content = "acknowledged before the attack" });

        // The silo writes the keeper's search index in the background once the message is indexed; the tree
        // a test compares must not change under it for that reason.
        var searchIndex = Path.Join("users", Keeper, ".index", "search", "vectors.seg");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Entries().Any(entry => entry.EndsWith(searchIndex, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the silo did not write {searchIndex} within 30 s");
            await Task.Delay(50);
        }
    }

    public abstract Task DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileId_ThroughTheClientAndTheCli_IsRefused_AndTouchesNothing(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;
        var before = Entries();
        var workingDirectoryBefore = Directory.EnumerateFileSystemEntries(Environment.CurrentDirectory).Order(StringComparer.Ordinal).ToArray();

        foreach (var (door, call) in ClientCalls(id))
        {
            var error = await Assert.ThrowsAsync<ValidationError>(call);
            Assert.True(error.Message.Contains("rule", StringComparison.Ordinal), $"{description} via {_chat.GetType().Name}.{door}: {error.Message}");
        }

        var runs = await Task.WhenAll(CliCommands(id).Select(args => RunAsync(args)));
        foreach (var run in runs)
        {
            var what = $"{description} via chatdb {run.Command.Replace("\0", "\\0", StringComparison.Ordinal)}";
            Assert.True(run.ExitCode == 1, $"{what}: exit {run.ExitCode}: {run.Error}{run.Output}");
            Assert.True(run.Error.Contains("invalid", StringComparison.Ordinal) && run.Error.Contains("rule", StringComparison.Ordinal), $"{what}: {run.Error}");
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }

        Assert.Equal(before, Entries());
        Assert.Equal(workingDirectoryBefore, Directory.EnumerateFileSystemEntries(Environment.CurrentDirectory).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal([_kept.Id], (await _chat.GetMessagesAsync(Keeper, _session.Id, MessageQuery.Default)).Select(m => m.Id));
    }

    /// <summary>Every id slot of the facade: user, session, panel, persona (global and own), document filename.</summary>
    private IEnumerable<(string Door, Func<Task> Call)> ClientCalls(string id)
    {
        var data = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("x") };
        yield return ("CreateUserAsync", () => _chat.CreateUserAsync(id));
        yield return ("GetUserProfileAsync", () => _chat.GetUserProfileAsync(id));
        yield return ("DeleteUserAsync", () => _chat.DeleteUserAsync(id));
        yield return ("CreateSessionAsync", () => _chat.CreateSessionAsync(id, "t"));
        yield return ("ListSessionsAsync", () => _chat.ListSessionsAsync(id));
        yield return ("GetSessionAsync", () => _chat.GetSessionAsync(Keeper, id));
        yield return ("DeleteSessionAsync", () => _chat.DeleteSessionAsync(Keeper, id));
        yield return ("AddMessageAsync(user)", () => _chat.AddMessageAsync(id, _session.Id, Message));
        yield return ("AddMessageAsync(session)", () => _chat.AddMessageAsync(Keeper, id, Message));
        yield return ("GetMessagesAsync", () => _chat.GetMessagesAsync(Keeper, id, MessageQuery.Default));
        yield return ("GetDocumentAsync", () => _chat.GetDocumentAsync(Keeper, _session.Id, id));
        yield return ("ListDocumentsAsync", () => _chat.ListDocumentsAsync(id, _session.Id));
        yield return ("GetContextAsync", () => _chat.GetContextAsync(Keeper, id));
        yield return ("GetPanelAsync", () => _chat.GetPanelAsync(id));
        yield return ("AddPanelMessageAsync", () => _chat.AddPanelMessageAsync(id, Message));
        yield return ("SavePersonaAsync", () => _chat.SavePersonaAsync(id, data));
        yield return ("GetPersonaAsync", () => _chat.GetPersonaAsync(id));
        yield return ("SavePersonaAsync(own)", () => _chat.SavePersonaAsync("p", data, userId: id));
        yield return ("GetPersonaAsync(own)", () => _chat.GetPersonaAsync(id, Keeper));
        yield return ("PurgeSessionAsync", () => _chat.PurgeSessionAsync(Keeper, id));
        yield return ("ListTrashAsync", () => _chat.ListTrashAsync(id));
        yield return ("RestoreSessionAsync(user)", () => _chat.RestoreSessionAsync(id, _session.Id));
        yield return ("RestoreSessionAsync(session)", () => _chat.RestoreSessionAsync(Keeper, id));
        yield return ("RestorePanelAsync", () => _chat.RestorePanelAsync(id));
        yield return ("GetUserProfileWithETagAsync", () => _chat.GetUserProfileWithETagAsync(id));
        yield return ("PutUserProfileIfMatchAsync", () => _chat.PutUserProfileIfMatchAsync(id, new UserProfileInput(), IfMatch.Any));
        yield return ("DeleteUserIfMatchAsync", () => _chat.DeleteUserIfMatchAsync(id, IfMatch.Any));
        yield return ("GetSessionWithETagAsync", () => _chat.GetSessionWithETagAsync(Keeper, id));
        yield return ("UpdateSessionIfMatchAsync", () => _chat.UpdateSessionIfMatchAsync(Keeper, id, new SessionPatch { Title = "t" }, IfMatch.Any));
        yield return ("DeleteSessionIfMatchAsync", () => _chat.DeleteSessionIfMatchAsync(Keeper, id, IfMatch.Any));
        yield return ("GetContextWithETagAsync", () => _chat.GetContextWithETagAsync(Keeper, id));
        yield return ("UpdateContextIfMatchAsync", () => _chat.UpdateContextIfMatchAsync(Keeper, id, new SituationalContext("s", [], [], default, 0.5), IfMatch.Any));
        yield return ("GetDocumentWithETagAsync", () => _chat.GetDocumentWithETagAsync(Keeper, _session.Id, id));
        yield return ("SaveDocumentIfMatchAsync", () => _chat.SaveDocumentIfMatchAsync(Keeper, _session.Id, id, [1], null, IfMatch.Any));
        yield return ("UpdateDocumentAnalysisIfMatchAsync", () => _chat.UpdateDocumentAnalysisIfMatchAsync(Keeper, _session.Id, id, data, IfMatch.Any));
        yield return ("GetPersonaWithETagAsync", () => _chat.GetPersonaWithETagAsync(id));
        yield return ("SavePersonaIfMatchAsync", () => _chat.SavePersonaIfMatchAsync(id, data, null, IfMatch.Any));
        yield return ("DeletePersonaIfMatchAsync(own)", () => _chat.DeletePersonaIfMatchAsync("p", id, IfMatch.Any));
        yield return ("UpdateUserProfileIfMatchAsync", () => _chat.UpdateUserProfileIfMatchAsync(id, new UserProfilePatch { DisplayName = "x" }, IfMatch.Any));
        yield return ("SaveContextSnapshotAsync(user)", () => _chat.SaveContextSnapshotAsync(id, _session.Id));
        yield return ("SaveContextSnapshotAsync(session)", () => _chat.SaveContextSnapshotAsync(Keeper, id));
        yield return ("GetContextHistoryAsync(user)", () => _chat.GetContextHistoryAsync(id, _session.Id));
        yield return ("GetContextHistoryAsync(session)", () => _chat.GetContextHistoryAsync(Keeper, id));
        yield return ("AddMemoryAsync", () => _chat.AddMemoryAsync(id, new NewMemory { Text = "x" }));
        yield return ("ListMemoriesAsync", () => _chat.ListMemoriesAsync(id));
        yield return ("GetMemoryAsync(user)", () => _chat.GetMemoryAsync(id, MemoryId));
        yield return ("GetMemoryAsync(memory)", () => _chat.GetMemoryAsync(Keeper, id));
        yield return ("UpdateMemoryAsync", () => _chat.UpdateMemoryAsync(Keeper, id, new MemoryPatch { Text = "x" }));
        yield return ("DeleteMemoryAsync", () => _chat.DeleteMemoryAsync(Keeper, id));
        yield return ("RecallMemoriesAsync", () => _chat.RecallMemoriesAsync(id, "x"));
        yield return ("ExtractMemoriesAsync(user)", () => _chat.ExtractMemoriesAsync(id, _session.Id));
        yield return ("ExtractMemoriesAsync(session)", () => _chat.ExtractMemoriesAsync(Keeper, id));
    }

    /// <summary>Every id argument of the data commands.</summary>
    private IEnumerable<string[]> CliCommands(string id)
    {
        yield return ["user", "create", id];
        yield return ["user", "get", id];
        yield return ["session", "list", id];
        yield return ["session", "get", Keeper, id];
        yield return ["message", "add", Keeper, id, "x"];
        yield return ["message", "list", id, _session.Id];
        yield return ["document", "get", Keeper, _session.Id, id];
        yield return ["context", "get", Keeper, id];
        yield return ["panel", "messages", id];
        yield return ["panel", "get", id];
        yield return ["panel", "update", id, "--config", "{}"];
        yield return ["panel", "analytics", id];
        yield return ["panel", "delete", id];
        yield return ["panel", "insight", "list", id];
        yield return ["persona", "share", id, "p", Keeper];
        yield return ["persona", "share", Keeper, "p", id];
        yield return ["persona", "publish", Keeper, id];
        yield return ["persona", "get", id];
        yield return ["persona", "put", id, "{\"name\":\"x\"}"];
        yield return ["trash", "list", "--user", id];
        yield return ["trash", "restore", id, "--user", Keeper];
        yield return ["trash", "restore", id, "--panels"];
        yield return ["session", "delete", Keeper, id, "--purge"];
        yield return ["user", "delete", id, "--if-match", "*"];
        yield return ["context", "set", Keeper, id, "--summary", "s", "--if-match", "*"];
        yield return ["user", "update", id, "--name", "x", "--if-match", "*"];
        yield return ["session", "update", Keeper, id, "--title", "t", "--if-match", "*"];
        yield return ["session", "update", id, _session.Id, "--title", "t"];
        yield return ["context", "snapshot", Keeper, id];
        yield return ["context", "snapshot", id, _session.Id];
        yield return ["context", "history", Keeper, id];
        yield return ["context", "history", id, _session.Id];
        yield return ["document", "analysis", Keeper, _session.Id, id, "{\"k\":1}", "--if-match", "*"];
        yield return ["document", "analysis", Keeper, id, "notes.txt", "{\"k\":1}"];
        yield return ["memory", "add", id, "x"];
        yield return ["memory", "list", id];
        yield return ["memory", "get", Keeper, id];
        yield return ["memory", "delete", Keeper, id];
        yield return ["memory", "recall", id, "x"];
        yield return ["memory", "extract", Keeper, id];
    }
}
