using System.Globalization;
using System.Text.Json;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Grains.Tests.Agents.StandIns;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Agent runs on the real provider clients, the models pointing at the stand-ins (docs/AGENTS.md, "Models").</summary>
public sealed class ModelRunTests : IClassFixture<ModelRunCluster>
{
    private readonly ModelRunCluster _fixture;

    public ModelRunTests(ModelRunCluster fixture) => _fixture = fixture;

    private ChatCluster Chat => _fixture.Chat;

    private async Task<(AgentRun Run, IAgentRunGrain Grain, ChatSession Session)> RunAsync(string model, string input, params string[] tools)
    {
        var userId = Json.NewUserId();
        await Chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, "helper"))
            .SaveAsync(new AgentDefinition { Instructions = "Help.", Model = model, Tools = tools });
        var session = await Chat.User(userId).CreateSessionAsync(null, null);
        var grain = Chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, "helper", ChatGrainKeys.NewRunId()));
        var run = await grain.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = input });
        return (run, grain, session);
    }

    [Fact]
    public async Task ARunWithATool_GoesModelToolModel_OverTheOpenAIWire_AndRecordsToolCallsAndTheReportedUsage()
    {
        var now = Chat.Clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        var (run, grain, session) = await RunAsync("tools", "What time is it?", "current_time");

        Assert.Equal((AgentRunStatuses.Succeeded, AgentStopReasons.Completed), (run.Status, run.StopReason));
        Assert.StartsWith("The tool said ", run.Message!.Content, StringComparison.Ordinal);
        Assert.Contains(now, run.Message.Content, StringComparison.Ordinal);
        var call = Assert.Single(run.ToolCalls);
        Assert.Equal(("current_time", "ok"), (call.Name, call.Outcome));

        // The stand-in reports 1000 + messages in and 500 + words out per call: system + user, then + call + result.
        var words = run.Message.Content!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(new AgentRunUsage(1002 + 1004, 500 + 500 + words), run.Usage);
        var calls = (await grain.GetTraceAsync()).Where(e => e.Kind == AgentTraceKinds.ModelCalled).ToList();
        Assert.Equal([1002L, 1004L], calls.Select(e => e.InputTokens!.Value));
        Assert.Equal(["tool_calls", "stop"], calls.Select(e => e.FinishReason));
        var messages = await Chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", "assistant", "tool", "assistant"], messages.Select(m => m.Role));
    }

    [Theory]
    [InlineData("down", "ModelError: model 'down' (openai model 'echo'): the endpoint cannot be reached (ConnectionRefused).")]
    [InlineData("slow", "did not answer within 1 s (Models:slow:TimeoutSeconds)")]
    [InlineData("garbage", "is not a valid openai chat response")]
    [InlineData("broken", "answered HTTP 500")]
    [InlineData("wrong-key", "refused the key (HTTP 401")]
    [InlineData("ollama-broken", "answered HTTP 500")]
    public async Task ARunOnAFailingEndpoint_FailsNamingTheModel_KeepsOnlyTheInput_AndNothingCarriesTheKey(string model, string expected)
    {
        var (run, grain, session) = await RunAsync(model, "hello");

        Assert.Equal((AgentRunStatuses.Failed, AgentStopReasons.Error), (run.Status, run.StopReason));
        Assert.Contains($"model '{model}'", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Equal(["user"], (await Chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Role));
        var trace = await grain.GetTraceAsync();
        Assert.Equal((AgentTraceKinds.RunFailed, run.Error), (trace[^1].Kind, trace[^1].Error));

        // The broken and wrong-key endpoints quote the key they were sent back in their answers.
        var recorded = JsonSerializer.Serialize(new { run, stored = await grain.GetAsync(), trace });
        var logged = string.Join("\n", _fixture.Log.Entries.Select(e => e.Message));
        Assert.Contains(_fixture.Log.Entries, e => e.Message.Contains(run.Id, StringComparison.Ordinal) && e.Message.Contains($"model '{model}'", StringComparison.Ordinal));
        foreach (var key in new[] { ModelStandIn.Key, ModelStandIns.WrongKey })
        {
            Assert.DoesNotContain(key, recorded, StringComparison.Ordinal);
            Assert.DoesNotContain(key, logged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VectorSearch_WithTheEmbeddingModel_EmbedsThroughTheEndpoint()
    {
        var userId = Json.NewUserId();
        var session = await Chat.User(userId).CreateSessionAsync(null, null);
        await Chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "a short note" });
        await Chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "a much longer message about the weather in Lisbon today" });
        var before = _fixture.StandIns.OpenAI.Requests.Count(r => r.Body["input"] is not null);

        var hits = await Chat.Client.GetGrain<ISearchGrain>(userId).SearchAsync(new SearchQuery { Q = "a short note", Mode = SearchMode.Vector });
        var status = await Chat.Client.GetGrain<ISearchGrain>(userId).GetStatusAsync();

        Assert.Equal("a short note", hits[0].Message.Content);
        Assert.Equal(2, status.Vectors);
        Assert.Contains("embed-small", status.Embedder, StringComparison.Ordinal);
        Assert.True(_fixture.StandIns.OpenAI.Requests.Count(r => r.Body["input"] is not null) > before, "the endpoint embedded the messages");
    }
}

/// <summary>
/// A test cluster whose models are the stand-ins' (<see cref="ModelStandIns"/>), run by the silo's own client factory;
/// search embeds with the stand-in's embedding model.
/// </summary>
public sealed class ModelRunCluster : IAsyncLifetime
{
    private ChatCluster? _chat;

    public ModelStandIns StandIns { get; } = new();

    internal CapturingLoggerProvider Log { get; } = new();

    internal ChatCluster Chat => _chat ?? throw new InvalidOperationException("The cluster is used before it started.");

    public async Task InitializeAsync()
    {
        await StandIns.InitializeAsync();
        var registry = StandIns.Registry();
        _chat = await ChatCluster.StartAsync(configureSilo: silo =>
        {
            silo.Services.RemoveAll<ModelRegistry>();
            silo.Services.AddSingleton(registry);
            silo.Services.AddSingleton(_ => ModelEmbeddings.Create(registry, "embed"));
            silo.Services.AddSingleton<ILoggerProvider>(Log);
        });
    }

    public async Task DisposeAsync()
    {
        if (_chat is not null)
        {
            await _chat.DisposeAsync();
        }

        await StandIns.DisposeAsync();
    }
}
