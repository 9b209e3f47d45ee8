using System.Text.Json;
using ChatDb.Client;
using ChatDb.Client.AgentFramework;
using ChatDb.Grains.Models;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace ChatDb.Silo.Tests.AgentFramework;

/// <summary>
/// A Microsoft Agent Framework <see cref="ChatClientAgent"/> whose history is a ChatDb session: a turn with a tool
/// round is stored through the Orleans client, the silo is restarted, and the conversation resumes through the REST
/// client, both from the serialized agent session and from the session id alone, with the earlier turn in the prompt.
/// </summary>
public sealed class ChatDbChatHistoryProviderTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private const string Now = "2026-12-06T02:00:00Z";

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-agent-framework-" + Guid.NewGuid().ToString("N"));
    private readonly List<SiloProcess> _silos = [];

    public ChatDbChatHistoryProviderTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        _silos.ForEach(silo => silo.Dispose());
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Conversation_StoredThroughOrleans_ResumesAfterARestart_ThroughRest_WithTheEarlierTurnInThePrompt()
    {
        const string userId = "fw-alice";
        var first = await StartSiloAsync();
        string sessionId;
        JsonElement savedAgentSession;
        using (var host = await ConnectAsync(first))
        {
            var chatDb = new ChatDbClient(host.Services.GetRequiredService<IClusterClient>());
            await chatDb.CreateUserAsync(userId);
            var model = new ScriptedChatClient(
                new ChatResponse(new AIChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "current_time")])),
                new ChatResponse(new AIChatMessage(ChatRole.Assistant, "Noted: museums and long walks.")));
            var provider = new ChatDbChatHistoryProvider(chatDb, userId, options: new ChatDbHistoryOptions { NewSessionTitle = "Lisbon" });
            var agent = Agent(model, provider);
            var agentSession = await agent.CreateSessionAsync();

            var answer = await agent.RunAsync("I love museums and long walks.", agentSession);

            Assert.Equal("Noted: museums and long walks.", answer.Text);
            sessionId = provider.GetConversation(agentSession).SessionId ?? throw new InvalidOperationException("The turn created no session.");
            savedAgentSession = await agent.SerializeSessionAsync(agentSession);
            var stored = await chatDb.GetMessagesAsync(userId, sessionId, MessageQuery.Default);
            Assert.Equal(["user", "assistant", "tool", "assistant"], stored.Select(m => m.Role));
            Assert.Equal("I love museums and long walks.", stored[0].Content);
            Assert.Equal(MessagePartTypes.ToolCall, Assert.Single(stored[1].Parts!).Type);
            Assert.Equal("current_time", stored[1].Parts![0].Name);
            var result = Assert.Single(stored[2].Parts!);
            Assert.Equal(("call-1", Now), (result.CallId, result.Result?.GetString()));
            Assert.Equal("Lisbon", (await chatDb.GetSessionAsync(userId, sessionId))?.Title);
        }

        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync(ExitTimeout, "after SIGTERM"));
        var second = await StartSiloAsync();
        using var rest = new ChatDbRestClient(second.HttpAddress);

        // From the serialized agent session: the provider's state names the ChatDb session.
        var resumedModel = new ScriptedChatClient(new ChatResponse(new AIChatMessage(ChatRole.Assistant, "Start with the Gulbenkian.")));
        var resumed = Agent(resumedModel, rest.AsChatHistoryProvider("someone-else"));
        var resumedSession = await resumed.DeserializeSessionAsync(savedAgentSession);
        await resumed.RunAsync("Which museum first?", resumedSession);

        var prompt = Assert.Single(resumedModel.Prompts);
        Assert.Equal(["user", "assistant", "tool", "assistant", "user"], prompt.Select(m => m.Role.Value));
        Assert.Equal("I love museums and long walks.", prompt[0].Text);
        Assert.Equal("current_time", Assert.IsType<FunctionCallContent>(Assert.Single(prompt[1].Contents)).Name);
        Assert.Equal("call-1", Assert.IsType<FunctionResultContent>(Assert.Single(prompt[2].Contents)).CallId);
        Assert.Equal("Noted: museums and long walks.", prompt[3].Text);
        Assert.Equal("Which museum first?", prompt[4].Text);

        // From the session id alone, in a fresh agent session.
        var byIdModel = new ScriptedChatClient(new ChatResponse(new AIChatMessage(ChatRole.Assistant, "Then the tile museum.")));
        var byId = Agent(byIdModel, rest.AsChatHistoryProvider(userId, sessionId));
        await byId.RunAsync("And after that?", await byId.CreateSessionAsync());

        Assert.Equal(
            ["I love museums and long walks.", "Noted: museums and long walks.", "Which museum first?", "Start with the Gulbenkian.", "And after that?"],
            Assert.Single(byIdModel.Prompts).Where(m => m.Text.Length > 0).Select(m => m.Text));
        var all = await rest.GetMessagesAsync(userId, sessionId, MessageQuery.Default);
        Assert.Equal(8, all.Count);
        Assert.Equal("Then the tile museum.", all[^1].Content);
    }

    private static ChatClientAgent Agent(IChatClient model, ChatHistoryProvider history) => new(model, new ChatClientAgentOptions
    {
        ChatOptions = new ChatOptions { Tools = [AIFunctionFactory.Create(() => Now, "current_time", "The current UTC time.")] },
        ChatHistoryProvider = history,
    });

    private async Task<SiloProcess> StartSiloAsync()
    {
        var silo = SiloProcess.Start(_root, Path.Join(_root, "data"));
        _silos.Add(silo);
        await silo.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);
        return silo;
    }

    private static async Task<IHost> ConnectAsync(SiloProcess silo)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(silo.GatewayPort, serviceId: silo.ClusterId, clusterId: silo.ClusterId)
            .UseChatDb());
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        await host.StartAsync(timeout.Token);
        return host;
    }
}
