using ChatDb.Client;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace ChatDb.Cli.Tests;

/// <summary>
/// A user's memories through both .NET facades on one silo: the cluster client (<see cref="ChatDbClient"/>) and the REST
/// client (<see cref="ChatDbRestClient"/>) do the same things, see each other's writes and fail with the same error types.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MemoryFacadeTests(ChatDbSilo silo) : IAsyncLifetime
{
    private IHost _client = null!;
    private ChatDbClient _cluster = null!;
    private ChatDbRestClient _rest = null!;

    public async Task InitializeAsync()
    {
        _client = await silo.ConnectClientAsync();
        _cluster = new ChatDbClient(_client.Services.GetRequiredService<IClusterClient>());
        _rest = new ChatDbRestClient(new Uri(silo.Url), silo.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _client.StopAsync();
        _client.Dispose();
    }

    public static TheoryData<string> Doors => ["cluster", "rest"];

    private IChatDb Door(string door) => door == "cluster" ? _cluster : _rest;

    private IChatDb Other(string door) => door == "cluster" ? _rest : _cluster;

    private static string NewUser() => "facade-mem-" + Guid.NewGuid().ToString("N")[..10];

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task AddGetUpdateListDelete_RoundTrip_AndTheOtherDoorSeesEachStep(string door)
    {
        var (chat, other, user) = (Door(door), Other(door), NewUser());

        var added = await chat.AddMemoryAsync(user, new NewMemory { Text = "User prefers window seats", Importance = 0.8 });
        Assert.Equal("User prefers window seats", (await other.GetMemoryAsync(user, added.Id))?.Text);

        var updated = await chat.UpdateMemoryAsync(user, added.Id, new MemoryPatch { Text = "User prefers aisle seats" });
        var scoped = await chat.AddMemoryAsync(user, new NewMemory { Text = "User trains on Sundays", AgentId = "coach" });
        Assert.Equal(("User prefers aisle seats", 0.8), (updated.Text, updated.Importance));
        Assert.Equal([added.Id, scoped.Id], (await other.ListMemoriesAsync(user)).Select(m => m.Id));
        Assert.Equal([added.Id], (await other.ListMemoriesAsync(user, new MemoryQuery { AgentId = "planner" })).Select(m => m.Id));
        Assert.Equal([scoped.Id], (await chat.ListMemoriesAsync(user, new MemoryQuery { Offset = 1, Limit = 5 })).Select(m => m.Id));

        Assert.True(await chat.DeleteMemoryAsync(user, added.Id));
        Assert.False(await chat.DeleteMemoryAsync(user, added.Id));
        Assert.Null(await other.GetMemoryAsync(user, added.Id));
        await Assert.ThrowsAsync<NotFoundError>(() => chat.UpdateMemoryAsync(user, added.Id, new MemoryPatch { Importance = 0.1 }));
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task Recall_IsBestFirst_InTheSameOrderThroughBothDoors(string door)
    {
        var (chat, other, user) = (Door(door), Other(door), NewUser());
        await chat.AddMemoryAsync(user, new NewMemory { Text = "User's dog's name is Rex" });
        var home = await chat.AddMemoryAsync(user, new NewMemory { Text = "User lives in Porto" });
        await chat.AddMemoryAsync(user, new NewMemory { Text = "User works at Contoso" });

        var hits = await chat.RecallMemoriesAsync(user, "which city does the user live in? Porto", k: 2);
        var same = await other.RecallMemoriesAsync(user, "which city does the user live in? Porto", k: 2);

        Assert.InRange(hits.Count, 1, 2);
        Assert.Equal(home.Id, hits[0].Memory.Id);
        // Recency weighs scores by the time of the call, so the two doors agree on the order, not on every digit.
        Assert.Equal(hits.Select(h => h.Memory.Id), same.Select(h => h.Memory.Id));
        Assert.Equal(hits.Select(h => h.Score).OrderByDescending(s => s), hits.Select(h => h.Score));
        await Assert.ThrowsAsync<ValidationError>(() => chat.RecallMemoriesAsync(user, "x", k: 0));
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task Extract_ReadsTheSessionFromASeq_AndAnswersWhatChanged(string door)
    {
        var (chat, user) = (Door(door), NewUser());
        var session = await chat.CreateSessionAsync(user, "about me");
        await chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "My name is Maria." });
        var second = await chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "I work at Contoso." });

        var result = await chat.ExtractMemoriesAsync(user, session.Id, fromSeq: second.Seq);

        var added = Assert.Single(result.Added);
        Assert.Equal(("User works at Contoso", session.Id), (added.Text, added.Source.SessionId));
        Assert.Equal([second.Seq], added.Source.Seqs);
        Assert.True(result.Updated.Count == 0 && result.Deleted.Count == 0);
        var all = await chat.ExtractMemoriesAsync(user, session.Id);
        Assert.Equal(["User's name is Maria"], all.Added.Select(m => m.Text));
        await Assert.ThrowsAsync<NotFoundError>(() => chat.ExtractMemoriesAsync(user, "chat_session_20200101_000000_000000"));
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task BadInput_IsTheSameErrorTypeThroughEachDoor(string door)
    {
        var (chat, user) = (Door(door), NewUser());

        var badId = await Assert.ThrowsAsync<ValidationError>(() => chat.GetMemoryAsync(user, "mem_not-hex"));
        var tooLong = await Assert.ThrowsAsync<StorageLimitExceeded>(() => chat.AddMemoryAsync(user, new NewMemory { Text = new string('x', Memory.MaxTextChars + 1) }));
        var badImportance = await Assert.ThrowsAsync<ValidationError>(() => chat.AddMemoryAsync(user, new NewMemory { Text = "x", Importance = -1 }));
        var badUser = await Assert.ThrowsAsync<ValidationError>(() => chat.ListMemoriesAsync(".."));

        Assert.Contains("memory-id-form", badId.Message, StringComparison.Ordinal);
        Assert.Contains("MaxMemoryChars", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("memory-importance-range", badImportance.Message, StringComparison.Ordinal);
        Assert.Contains("user id", badUser.Message, StringComparison.Ordinal);
        Assert.Empty(await chat.ListMemoriesAsync(user));
    }
}
