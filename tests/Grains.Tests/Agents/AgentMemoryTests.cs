using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Grains.Tokens;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>
/// Agents with a memory setting: the user's memories recalled into the prompt within its budget and traced, and the
/// facts of a turn extracted after it (the offline rules), through a scripted model that keeps every prompt.
/// </summary>
public sealed class AgentMemoryTests(AgentMemoryCluster fixture) : IClassFixture<AgentMemoryCluster>
{
    private readonly ChatCluster _chat = fixture.Chat;
    private static readonly MessageTokenCounter Tokens = new(new TokenOptions().Encoding);

    private IAgentGrain Agent(string userId, string agentId) => _chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, agentId));

    private IMemoryGrain Memories(string userId) => _chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId));

    private static AgentDefinition Definition(int recall, bool extract = false, int? historyTokens = null) =>
        new() { Instructions = "Answer.", Memory = new AgentMemorySettings { Recall = recall, Extract = extract }, HistoryTokens = historyTokens };

    private Task<(AgentRun Run, IReadOnlyList<AgentTraceEvent> Trace, IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> Prompt)> RunAsync(
        string userId, string agentId, string sessionId, string input, string answer = "Noted.") =>
        fixture.RunTurnAsync(userId, agentId, sessionId, input, answer);

    [Fact]
    public async Task TheMemorySetting_IsPartOfEachVersion_AndARecallOutOfRangeIsRefusedNamingIt()
    {
        var agent = Agent(Json.NewUserId(), "keeper");

        var first = await agent.SaveAsync(new AgentDefinition { Instructions = "Answer." });
        var second = await agent.SaveAsync(Definition(recall: 3, extract: true));
        var tooMany = await Assert.ThrowsAsync<ValidationError>(() => agent.SaveAsync(Definition(recall: AgentMemorySettings.MaxRecall + 1)));
        var negative = await Assert.ThrowsAsync<ValidationError>(() => agent.SaveAsync(Definition(recall: -1)));

        Assert.Equal((0, false), (first.Memory.Recall, first.Memory.Extract));
        Assert.Equal((3, true), (second.Memory.Recall, second.Memory.Extract));
        Assert.Equal(AgentMemorySettings.Off, (await agent.GetVersionAsync(1))!.Memory);
        Assert.Equal(second.Memory, (await agent.GetVersionAsync(2))!.Memory);
        Assert.Contains("memory.recall 101 is rejected by rule 'range'", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("memory.recall -1", negative.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await agent.GetAsync())!.Version);
    }

    [Fact]
    public async Task ARunWithRecall_PutsTheBestMemoriesInADelimitedSystemSection_AndTracesTheirIdsAndScores()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "guide").SaveAsync(Definition(recall: 2));
        var session = await _chat.User(userId).CreateSessionAsync("trip", null);
        var memories = Memories(userId);
        foreach (var text in new[] { "User loves modern art museums", "User is allergic to peanuts", "User saw the art museums of Madrid last spring",
                     "User works at Contoso", "User's dog is Rex", "User is a vegetarian" })
        {
            await memories.AddAsync(new NewMemory { Text = text });
        }

        await memories.AddAsync(new NewMemory { Text = "User loves art museums with Picasso", AgentId = "someone-else" });
        var expected = await memories.RecallAsync(new MemoryRecallQuery { Query = "Which art museums should I visit?", K = 2, AgentId = "guide" });
        Assert.Equal(2, expected.Count);

        var (run, trace, prompt) = await RunAsync(userId, "guide", session.Id, "Which art museums should I visit?");

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        var system = prompt[0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.StartsWith("Answer.", system.Text, StringComparison.Ordinal);
        var section = system.Text[system.Text.IndexOf(MemoryPromptSection.Start, StringComparison.Ordinal)..];
        Assert.Equal(
            $"{MemoryPromptSection.Start}\n{MemoryPromptSection.Heading}\n- {expected[0].Memory.Text}\n- {expected[1].Memory.Text}\n{MemoryPromptSection.End}",
            section);
        Assert.Contains("museum", expected[0].Memory.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Picasso", system.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("peanuts", system.Text, StringComparison.Ordinal);
        Assert.Equal(["Which art museums should I visit?"], prompt.Skip(1).Select(m => m.Text));

        var recalled = Assert.Single(trace, e => e.Kind == AgentTraceKinds.MemoriesRecalled);
        Assert.Equal(expected.Select(h => new AgentRecalledMemory(h.Memory.Id, h.Score, true)), recalled.Memories!);
        Assert.True(recalled.Tokens > 0, $"tokens {recalled.Tokens}");
        Assert.True(
            trace.ToList().FindIndex(e => e.Kind == AgentTraceKinds.MemoriesRecalled) < trace.ToList().FindIndex(e => e.Kind == AgentTraceKinds.PromptBuilt),
            "the recall is traced before the prompt is built");
    }

    [Fact]
    public async Task ATightBudget_DropsTheLowestRankedMemoriesFirst_AndTheHistoryGetsWhatIsLeft()
    {
        var userId = Json.NewUserId();
        var session = await _chat.User(userId).CreateSessionAsync("trip", null);
        const string Earlier = "I like art.";
        await _chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = Earlier });
        string[] texts = [.. new[] { "alpha", "bravo", "charlie" }.Select(word =>
            $"User keeps a note {word} about museums: " + string.Join(' ', Enumerable.Repeat("the museum opens early and closes late on weekdays", 4)))];
        foreach (var text in texts.Concat(["User is allergic to peanuts", "User works at Contoso", "User's dog is Rex"]))
        {
            await Memories(userId).AddAsync(new NewMemory { Text = text });
        }

        // The budget holds the instructions, the input, the section's frame, two memory lines and half of another.
        const string Input = "Which museums open early: alpha, bravo or charlie?";
        var lines = texts.Select(t => Tokens.Count("- " + t, null) - MessageTokenCounter.PerMessageOverhead).ToList();
        var frame = Tokens.Count($"{MemoryPromptSection.Start}\n{MemoryPromptSection.Heading}\n{MemoryPromptSection.End}", null) - MessageTokenCounter.PerMessageOverhead;
        var budget = Tokens.Count("Answer.", null) + Tokens.Count(Input, null) + frame + (2 * lines.Max()) + (lines.Min() / 2);
        Assert.True(3 * lines.Min() > (2 * lines.Max()) + (lines.Min() / 2), "the three memory lines are of about the same length");
        await Agent(userId, "guide").SaveAsync(Definition(recall: 3, historyTokens: budget));

        var (run, trace, prompt) = await RunAsync(userId, "guide", session.Id, Input);

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        var recalled = Assert.Single(trace, e => e.Kind == AgentTraceKinds.MemoriesRecalled).Memories!;
        Assert.Equal([true, true, false], recalled.Select(m => m.InPrompt));
        Assert.True(recalled[0].Score >= recalled[1].Score && recalled[1].Score >= recalled[2].Score, string.Join(", ", recalled.Select(m => m.Score)));
        var byId = (await Memories(userId).ListAsync(new MemoryQuery())).ToDictionary(m => m.Id, m => m.Text);
        Assert.Contains(byId[recalled[0].Id], prompt[0].Text, StringComparison.Ordinal);
        Assert.Contains(byId[recalled[1].Id], prompt[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(byId[recalled[2].Id], prompt[0].Text, StringComparison.Ordinal);
        Assert.Equal([Earlier, Input], prompt.Skip(1).Select(m => m.Text));
        var built = Assert.Single(trace, e => e.Kind == AgentTraceKinds.PromptBuilt);
        Assert.True(built.Tokens <= budget, $"the prompt has {built.Tokens} tokens; the budget is {budget}");
    }

    [Fact]
    public async Task RecallZero_AddsNothingToThePrompt_AndRecallsNothing()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "plain").SaveAsync(Definition(recall: 0));
        var session = await _chat.User(userId).CreateSessionAsync("trip", null);
        await Memories(userId).AddAsync(new NewMemory { Text = "User loves modern art museums" });

        var (run, trace, prompt) = await RunAsync(userId, "plain", session.Id, "Which art museums should I visit?");

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        Assert.Equal("Answer.", prompt[0].Text);
        Assert.DoesNotContain(trace, e => e.Kind is AgentTraceKinds.MemoriesRecalled or AgentTraceKinds.MemoryRecallFailed
            or AgentTraceKinds.MemoriesExtracted or AgentTraceKinds.MemoryExtractionFailed);
        Assert.Equal(
            [AgentTraceKinds.RunStarted, AgentTraceKinds.MessageAppended, AgentTraceKinds.PromptBuilt, AgentTraceKinds.ModelCalled,
             AgentTraceKinds.MessageAppended, AgentTraceKinds.RunFinished],
            trace.Select(e => e.Kind));
    }

    [Fact]
    public async Task ExtractAfterTheTurn_AddsTheFactsOfTheInput_TracesTheCounts_AndTheNextRunRecallsThem()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "keeper").SaveAsync(Definition(recall: 5, extract: true));
        var session = await _chat.User(userId).CreateSessionAsync("move", null);
        await _chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "I work at Contoso." });

        var (run, trace, _) = await RunAsync(userId, "keeper", session.Id, "I live in Lisbon", answer: "Lisbon is lovely; I'm sure you like it.");

        Assert.Equal((AgentRunStatuses.Succeeded, AgentStopReasons.Completed), (run.Status, run.StopReason));
        var stored = await Memories(userId).ListAsync(new MemoryQuery());
        var lisbon = Assert.Single(stored);
        Assert.Equal(("User lives in Lisbon", session.Id, null), (lisbon.Text, lisbon.Source.SessionId, lisbon.AgentId));
        Assert.Equal([run.InputSeq!.Value], lisbon.Source.Seqs);
        var extracted = Assert.Single(trace, e => e.Kind == AgentTraceKinds.MemoriesExtracted);
        Assert.Equal((1, 0, 0), (extracted.Added, extracted.Updated, extracted.Deleted));
        Assert.Equal(AgentTraceKinds.RunFinished, trace[^1].Kind);
        Assert.True(trace.ToList().FindIndex(e => e.Kind == AgentTraceKinds.MemoriesExtracted) > trace.ToList().FindLastIndex(e => e.Kind == AgentTraceKinds.MessageAppended));

        var (_, nextTrace, nextPrompt) = await RunAsync(userId, "keeper", session.Id, "Any tips for Lisbon this weekend?");

        Assert.Contains("- User lives in Lisbon", nextPrompt[0].Text, StringComparison.Ordinal);
        Assert.Equal([lisbon.Id], Assert.Single(nextTrace, e => e.Kind == AgentTraceKinds.MemoriesRecalled).Memories!.Select(m => m.Id));
        var again = Assert.Single(nextTrace, e => e.Kind == AgentTraceKinds.MemoriesExtracted);
        Assert.Equal((0, 0, 0), (again.Added, again.Updated, again.Deleted));
    }

    [Fact]
    public async Task TheRecallTraceEvent_SurvivesTheTraceLogAndReadsBackAsJson()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "guide").SaveAsync(Definition(recall: 1));
        var session = await _chat.User(userId).CreateSessionAsync("trip", null);
        var memory = await Memories(userId).AddAsync(new NewMemory { Text = "User loves modern art museums" });

        var (_, trace, _) = await RunAsync(userId, "guide", session.Id, "art museums?");

        var recalled = Assert.Single(trace, e => e.Kind == AgentTraceKinds.MemoriesRecalled);
        var json = System.Text.Json.JsonSerializer.Serialize(recalled, Serialization.AgentJsonContext.Default.AgentTraceEvent);
        Assert.Contains($"\"memories\":[{{\"id\":\"{memory.Id}\",\"score\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"added\"", json, StringComparison.Ordinal);
        var read = System.Text.Json.JsonSerializer.Deserialize(json, Serialization.AgentJsonContext.Default.AgentTraceEvent)!;
        Assert.Equal(recalled.Memories, read.Memories!);
    }
}

/// <summary>A cluster whose agents answer through one scripted model; memories are extracted by the offline rules.</summary>
public sealed class AgentMemoryCluster : IAsyncLifetime
{
    private ChatCluster? _chat;

    internal ScriptedChatClient Model { get; } = new();

    internal ChatCluster Chat => _chat ?? throw new InvalidOperationException("The cluster is used before it started.");

    public async Task InitializeAsync() => _chat = await ChatCluster.StartAsync(configureSilo: AgentToolTests.With(Model));

    /// <summary>Runs one turn that the scripted model answers with <paramref name="answer"/>; the run, its trace and the prompt the model got.</summary>
    internal async Task<(AgentRun Run, IReadOnlyList<AgentTraceEvent> Trace, IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> Prompt)> RunTurnAsync(
        string userId, string agentId, string sessionId, string input, string answer = "Noted.")
    {
        Model.Answer(answer);
        var calls = Model.Prompts.Count;
        var grain = Chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, agentId, ChatGrainKeys.NewRunId()));
        var run = await grain.RunAsync(new AgentRunRequest { SessionId = sessionId, Input = input });
        Assert.Equal(calls + 1, Model.Prompts.Count);
        return (run, await grain.GetTraceAsync(), Model.Prompts[^1]);
    }

    public async Task DisposeAsync()
    {
        if (_chat is not null)
        {
            await _chat.DisposeAsync();
        }
    }
}
