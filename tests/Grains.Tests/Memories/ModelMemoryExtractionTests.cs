using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Memories;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Agents;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatDb.Grains.Tests.Memories;

/// <summary>Extraction by a configured chat model (a scripted one): its JSON operations applied, bad JSON applying nothing.</summary>
public sealed class ModelMemoryExtractionTests(ModelMemoryCluster fixture) : IClassFixture<ModelMemoryCluster>
{
    private readonly ChatCluster _chat = fixture.Chat;

    [Fact]
    public async Task TheModelsOperations_AreAppliedWithTheirSources_AndItSawTheMemoriesAndMessages()
    {
        var client = fixture.Client;
        var chat = _chat;
        client.Prompts.Clear();
        var userId = Json.NewUserId();
        var session = await chat.User(userId).CreateSessionAsync("chat", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "We adopted a puppy called Bolt; the cat is gone." });
        var memories = chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId));
        var cat = await memories.AddAsync(new NewMemory { Text = "User has a cat" });
        client.Answer($$"""
            ```json
            [{"op": "ADD", "text": "User has a puppy called Bolt", "seqs": [1], "importance": 0.7},
             {"op": "DELETE", "id": "{{cat.Id}}", "seqs": [1]}, {"op": "NOOP"}]
            ```
            """);

        var result = await memories.ExtractAsync(new MemoryExtractionRequest { SessionId = session.Id });

        var added = Assert.Single(result.Added);
        Assert.Equal(("User has a puppy called Bolt", 0.7, new MemorySource(session.Id, [1L])), (added.Text, added.Importance, added.Source));
        Assert.Equal([cat.Id], result.Deleted.Select(m => m.Id));
        var prompt = string.Join("\n", client.Prompts.Single().Select(m => m.Text));
        Assert.Contains($"{cat.Id}: User has a cat", prompt, StringComparison.Ordinal);
        Assert.Contains("[1] user: We adopted a puppy", prompt, StringComparison.Ordinal);
        Assert.Equal(["User has a puppy called Bolt"], (await memories.ListAsync(new MemoryQuery())).Select(m => m.Text));
    }

    [Theory]
    [InlineData("Sure! Here are the memories: User likes tea", "not JSON")]
    [InlineData("""{"op": "ADD", "text": "x"}""", "not a list of operations")]
    [InlineData("""[{"op": "ADD", "text": "x", "why": "because"}]""", "unknown field \"why\"")]
    [InlineData("""[{"op": "ADD", "text": "x"}, {"op": "REPLACE", "text": "y"}]""", "memory-operation")]
    public async Task AnAnswerThatIsNotAValidListOfOperations_IsAClearError_AndNothingIsApplied(string answer, string expected)
    {
        fixture.Client.Answer(answer);
        var chat = _chat;
        var userId = Json.NewUserId();
        var session = await chat.User(userId).CreateSessionAsync("chat", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "I live in Lisbon" });
        var memories = chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => memories.ExtractAsync(new MemoryExtractionRequest { SessionId = session.Id }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", error.Message, StringComparison.Ordinal);
        Assert.Empty(await memories.ListAsync(new MemoryQuery()));
    }
}

public sealed class ModelMemoryCluster : IAsyncLifetime
{
    private ChatCluster? _chat;

    internal ScriptedChatClient Client { get; } = new();

    internal ChatCluster Chat => _chat ?? throw new InvalidOperationException("The cluster is used before it started.");

    public async Task InitializeAsync() =>
        _chat = await ChatCluster.StartAsync(configureSilo: silo =>
        {
            var registry = new ModelRegistry(new Dictionary<string, ModelEntry>
            {
                [ModelRegistry.DefaultName] = new(),
                ["scripted"] = new() { Provider = ModelProviders.OpenAI, Endpoint = "http://127.0.0.1:9", Model = "scripted" },
            });
            silo.Services.RemoveAll<ModelRegistry>();
            silo.Services.AddSingleton(registry);
            silo.Services.RemoveAll<IAgentChatClientFactory>();
            silo.Services.AddSingleton<IAgentChatClientFactory>(Client);
            silo.Services.Configure<MemoryOptions>(o => o.ExtractionModel = "scripted");
        });

    public async Task DisposeAsync()
    {
        if (_chat is not null)
        {
            await _chat.DisposeAsync();
        }
    }
}
