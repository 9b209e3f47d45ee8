using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Client;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Runtime.Client;

namespace ChatDb.Cli.Tests;

/// <summary>
/// The shared hostile-id corpus through the two doors beside REST (which <c>Api.Tests</c> covers): the
/// <see cref="ChatDbClient"/> facade and the <c>chatdb</c> commands, in every id slot they have, against a
/// silo on flatfile. Each is refused with a validation error naming the rule; afterwards nothing exists
/// outside the data directory, the data directory holds what it held before, and the acknowledged
/// message written before is still there.
/// </summary>
[Collection(FlatfileCliCollection.Name)]
public sealed class HostileIdDoorTests(FlatfileCliCluster cluster) : IAsyncLifetime
{
    private const string Keeper = "keeper";
    private static readonly NewMessage Message = new() { Role = "user", Content = "x" };
    private ClusterClient _network = null!;
    private ChatDbClient _chat = null!;
    private ChatSession _session = null!;
    private ChatMessage _kept = null!;

    public static IEnumerable<object[]> Cases => HostileIds.Cases;

    public async Task InitializeAsync()
    {
        _network = new ClientBuilder().UseGateway(cluster.Gateway).AddGrainSerializerContext(ChatDbJsonContext.Default).Build();
        await _network.Connect();
        _chat = new ChatDbClient(_network);
        _session = (await _chat.ListSessionsAsync(Keeper)).FirstOrDefault() ?? await _chat.CreateSessionAsync(Keeper, "kept");
        _kept = (await _chat.GetMessagesAsync(Keeper, _session.Id)).FirstOrDefault()
            ?? await _chat.AddMessageAsync(Keeper, _session.Id, new NewMessage { Role = "user", Content = "acknowledged before the attack" });
    }

    public async Task DisposeAsync() => await _network.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileId_ThroughTheClientAndTheCli_IsRefused_AndTouchesNothing(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;
        var before = cluster.Entries();
        var workingDirectoryBefore = Directory.EnumerateFileSystemEntries(Environment.CurrentDirectory).Order(StringComparer.Ordinal).ToArray();

        foreach (var (door, call) in ClientCalls(id))
        {
            var error = await Assert.ThrowsAsync<ValidationError>(call);
            Assert.True(error.Message.Contains("rule", StringComparison.Ordinal), $"{description} via ChatDbClient.{door}: {error.Message}");
        }

        var runs = await Task.WhenAll(CliCommands(id).Select(args => cluster.RunAsync(args)));
        foreach (var run in runs)
        {
            var what = $"{description} via chatdb {run.Command.Replace("\0", "\\0", StringComparison.Ordinal)}";
            Assert.True(run.ExitCode == 1, $"{what}: exit {run.ExitCode}: {run.Error}{run.Output}");
            Assert.True(run.Error.Contains("invalid", StringComparison.Ordinal) && run.Error.Contains("rule", StringComparison.Ordinal), $"{what}: {run.Error}");
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }

        Assert.Equal(before, cluster.Entries());
        Assert.Equal(workingDirectoryBefore, Directory.EnumerateFileSystemEntries(Environment.CurrentDirectory).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal([_kept.Id], (await _chat.GetMessagesAsync(Keeper, _session.Id)).Select(m => m.Id));
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
        yield return ("GetMessagesAsync", () => _chat.GetMessagesAsync(Keeper, id));
        yield return ("GetDocumentAsync", () => _chat.GetDocumentAsync(Keeper, _session.Id, id));
        yield return ("ListDocumentsAsync", () => _chat.ListDocumentsAsync(id, _session.Id));
        yield return ("GetContextAsync", () => _chat.GetContextAsync(Keeper, id));
        yield return ("GetPanelAsync", () => _chat.GetPanelAsync(id));
        yield return ("AddPanelMessageAsync", () => _chat.AddPanelMessageAsync(id, Message));
        yield return ("SavePersonaAsync", () => _chat.SavePersonaAsync(id, data));
        yield return ("GetPersonaAsync", () => _chat.GetPersonaAsync(id));
        yield return ("SavePersonaAsync(own)", () => _chat.SavePersonaAsync("p", data, userId: id));
        yield return ("GetPersonaAsync(own)", () => _chat.GetPersonaAsync(id, Keeper));
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
        yield return ["panel", "list", id];
        yield return ["persona", "get", id];
        yield return ["persona", "put", id, "{\"name\":\"x\"}"];
    }
}
