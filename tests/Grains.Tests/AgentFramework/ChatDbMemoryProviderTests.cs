using ChatDb.Client;
using ChatDb.Client.AgentFramework;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Agents;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using Microsoft.Agents.AI;

namespace ChatDb.Grains.Tests.AgentFramework;

/// <summary>
/// <see cref="ChatDbMemoryProvider"/> in a Microsoft Agent Framework <see cref="ChatClientAgent"/> over a scripted model, with
/// ChatDb reached through <see cref="ChatDbClient"/> on the in-process cluster: recall into the instructions, extraction
/// after the turn (the offline rules), and a failing extraction that never fails the invocation.
/// </summary>
[Collection(SharedChatCollection.Name)]
public sealed class ChatDbMemoryProviderTests(SharedChatCluster shared)
{
    private readonly ChatDbClient _chatDb = new(shared.Chat.Client);

    private static ChatClientAgent Agent(ScriptedChatClient model, ChatHistoryProvider? history, AIContextProvider memory) =>
        new(model, new ChatClientAgentOptions
        {
            ChatOptions = new() { Instructions = "Answer." },
            ChatHistoryProvider = history,
            AIContextProviders = [memory],
        });

    /// <summary>Everything the model was told in its last call: the instructions of its options and the text of its messages.</summary>
    private static string Told(ScriptedChatClient model) =>
        string.Join("\n", [model.Options[^1]?.Instructions ?? string.Empty, .. model.Prompts[^1].Select(m => m.Text)]);

    [Fact]
    public async Task Recall_GivesTheMemoriesThatAnswerTheNewestUserMessage_AsDelimitedInstructions()
    {
        var userId = Json.NewUserId();
        foreach (var text in new[] { "User loves modern art museums", "User is allergic to peanuts", "User works at Contoso", "User's dog is Rex" })
        {
            await _chatDb.AddMemoryAsync(userId, new NewMemory { Text = text });
        }

        var expected = await _chatDb.RecallMemoriesAsync(userId, "Which art museums should I visit?", 2);
        var model = new ScriptedChatClient().Answer("The Tate.");
        var agent = Agent(model, null, _chatDb.AsMemoryProvider(userId, new ChatDbMemoryOptions { Recall = 2 }));

        var response = await agent.RunAsync("Which art museums should I visit?", await agent.CreateSessionAsync());

        Assert.Equal("The Tate.", response.Text);
        var told = Told(model);
        var section = MemoryPromptSection.Format(expected.Select(h => MemoryPromptSection.Line(h.Memory.Text)));
        Assert.Contains("- User loves modern art museums", section, StringComparison.Ordinal);
        Assert.Contains(section, model.Options[^1]?.Instructions, StringComparison.Ordinal);
        Assert.DoesNotContain(model.Prompts[^1], m => m.Text.Contains(MemoryPromptSection.Start, StringComparison.Ordinal));
        Assert.DoesNotContain("peanuts", told, StringComparison.Ordinal);
        Assert.Contains("Answer.", told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_WithNoMatchingMemory_AddsNoInstructions()
    {
        var userId = Json.NewUserId();
        var model = new ScriptedChatClient().Answer("Hello.");
        var agent = Agent(model, null, _chatDb.AsMemoryProvider(userId));

        await agent.RunAsync("Hello there", await agent.CreateSessionAsync());

        Assert.DoesNotContain(MemoryPromptSection.Start, Told(model), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAfterInvocation_ReadsTheTurnTheHistoryStored_AndTheNextTurnUpdatesTheSameMemory()
    {
        var userId = Json.NewUserId();
        await _chatDb.CreateUserAsync(userId);
        var results = new List<MemoryExtractionResult>();
        var history = new ChatDbChatHistoryProvider(_chatDb, userId);
        var memory = _chatDb.AsMemoryProvider(userId, new ChatDbMemoryOptions { History = history, ExtractAfterInvocation = true, Extracted = results.Add });
        var model = new ScriptedChatClient().Answer("Lisbon is lovely.").Answer("Porto is lovely too.");
        var agent = Agent(model, history, memory);
        var session = await agent.CreateSessionAsync();

        await agent.RunAsync("I live in Lisbon", session);
        var first = Assert.Single(await _chatDb.ListMemoriesAsync(userId));
        await agent.RunAsync("I moved to Porto", session);

        var sessionId = history.GetConversation(session).SessionId!;
        Assert.Equal(("User lives in Lisbon", sessionId), (first.Text, first.Source.SessionId));
        Assert.Equal([1L], first.Source.Seqs);
        Assert.Equal([(1, 0), (0, 1)], results.Select(r => (r.Added.Count, r.Updated.Count)));
        var now = Assert.Single(await _chatDb.ListMemoriesAsync(userId));
        Assert.Equal((first.Id, "User lives in Porto"), (now.Id, now.Text));
        Assert.Equal([3L], now.Source.Seqs);
        Assert.Equal(4, (await _chatDb.GetMessagesAsync(userId, sessionId, MessageQuery.Default)).Count);
    }

    [Fact]
    public async Task AFailingExtraction_GoesToTheCallback_AndTheInvocationStillAnswers()
    {
        var userId = Json.NewUserId();
        var failures = new List<Exception>();
        var memory = _chatDb.AsMemoryProvider(userId, new ChatDbMemoryOptions
        {
            SessionId = "chat_session_20260101_000000_000000",
            ExtractAfterInvocation = true,
            ExtractionFailed = failures.Add,
        });
        var agent = Agent(new ScriptedChatClient().Answer("Noted."), null, memory);

        var response = await agent.RunAsync("I live in Lisbon", await agent.CreateSessionAsync());

        Assert.Equal("Noted.", response.Text);
        Assert.IsType<NotFoundError>(Assert.Single(failures));
        Assert.Empty(await _chatDb.ListMemoriesAsync(userId));
    }

    [Fact]
    public void Options_OutOfRangeOrWithoutASessionToExtractFrom_AreRefusedNamingTheSetting()
    {
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new ChatDbMemoryProvider(_chatDb, "alice", new ChatDbMemoryOptions { Recall = 0 }));
        var over = Assert.Throws<ArgumentOutOfRangeException>(() => new ChatDbMemoryProvider(_chatDb, "alice", new ChatDbMemoryOptions { Recall = 101 }));
        var nowhere = Assert.Throws<ArgumentException>(() => new ChatDbMemoryProvider(_chatDb, "alice", new ChatDbMemoryOptions { ExtractAfterInvocation = true }));

        Assert.Equal(("Recall", "Recall"), (zero.ParamName, over.ParamName));
        Assert.Contains("set SessionId or History", nowhere.Message, StringComparison.Ordinal);
    }
}
