using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Sessions.Summary;
using ChatDb.Grains.Tests.Agents;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Tests;

/// <summary>The rolling summary: older messages folded into the session's situational context (docs/MEMORY.md, "Rolling summary").</summary>
public sealed class RollingSummaryTests
{
    private const string ScriptedModel = "scripted";

    private static Action<ISiloBuilder> Summaries(int threshold, int keepRecent, ScriptedChatClient? client = null, int minIntervalSeconds = 60) => silo =>
    {
        silo.Services.Configure<SessionSummaryOptions>(o =>
        {
            o.ThresholdTokens = threshold;
            o.KeepRecentTokens = keepRecent;
            o.MinIntervalSeconds = minIntervalSeconds;
            o.Model = client is null ? ModelRegistry.DefaultName : ScriptedModel;
        });
        if (client is not null)
        {
            silo.Services.RemoveAll<IAgentChatClientFactory>();
            silo.Services.AddSingleton<IAgentChatClientFactory>(client);
            silo.Services.RemoveAll<ModelRegistry>();
            silo.Services.AddSingleton(new ModelRegistry(new Dictionary<string, ModelEntry>
            {
                [ScriptedModel] = new() { Provider = ModelProviders.OpenAI, Endpoint = "http://127.0.0.1:9/v1", Model = ScriptedModel },
            }));
        }
    };

    private static ISessionSummaryGrain Summary(ChatCluster chat, ChatSession session) =>
        chat.Client.GetGrain<ISessionSummaryGrain>(ChatGrainKeys.Session(session.UserId, session.Id));

    private static async Task<IReadOnlyList<ChatMessage>> AddAsync(ChatCluster chat, ChatSession session, int count, string topic = "topic")
    {
        var added = new List<ChatMessage>();
        for (var i = 1; i <= count; i++)
        {
            added.Add(await chat.Session(session).AddMessageAsync(new NewMessage
            {
                Role = i % 2 == 1 ? "user" : "assistant",
                Content = $"Message {i} is about {topic} {i}. It has a second sentence that the offline summary leaves out.",
            }));
        }

        return added;
    }

    /// <summary>The seq the summary may reach: all but the newest messages whose tokens fit <paramref name="keepRecent"/>.</summary>
    private static long LastFoldable(IReadOnlyList<ChatMessage> messages, int keepRecent)
    {
        long recent = 0;
        var i = messages.Count - 1;
        for (; i >= 0 && recent + messages[i].Tokens!.Value <= keepRecent; i--)
        {
            recent += messages[i].Tokens!.Value;
        }

        return i < 0 ? 0 : messages[i].Seq;
    }

    [Fact]
    public async Task OnceTheHistoryPassesTheThreshold_TheOfflineSummaryBecomesTheContext_WithoutTheRecentTurns()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: Summaries(threshold: 60, keepRecent: 40));
        var session = await chat.User("ana").CreateSessionAsync("long talk", null);

        var messages = await AddAsync(chat, session, 12, "Lisbon");

        Assert.True(messages.Sum(m => m.Tokens!.Value) > 60, "the messages must pass the threshold for this test to mean anything");
        await TestClusters.Within(UntilSummarizedAsync(chat.Session(session)), "the rolling summary");
        var context = (await chat.Session(session).GetContextAsync())!;
        Assert.InRange(context.SummarizedThroughSeq!.Value, 1, LastFoldable(messages, 40));
        Assert.StartsWith("Messages 1–", context.Summary, StringComparison.Ordinal);
        Assert.Contains("user: Message 1 is about Lisbon 1.", context.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("second sentence", context.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Lisbon 12.", context.Summary, StringComparison.Ordinal);
        Assert.Equal(SessionSummaryGrain.OfflineConfidence, context.Confidence);
        Assert.Contains("Message 1 is about Lisbon 1.", context.KeyPoints);
        Assert.DoesNotContain("Message 2 is about Lisbon 2.", context.KeyPoints);
    }

    private static async Task UntilSummarizedAsync(ISessionGrain session, long beyond = 0)
    {
        while ((await session.GetContextAsync())?.SummarizedThroughSeq is not { } through || through <= beyond)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    [Fact]
    public async Task SummariesMadeOnTheirOwn_ComeAtMostOncePerInterval_AndTheNextOneFollowsOnceItHasPassed()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: Summaries(threshold: 60, keepRecent: 20, minIntervalSeconds: 3600));
        var session = await chat.User("fay").CreateSessionAsync(null, null);
        await AddAsync(chat, session, 8, "Faro");
        await TestClusters.Within(UntilSummarizedAsync(chat.Session(session)), "the first rolling summary");
        var first = (await chat.Session(session).GetContextAsync())!.SummarizedThroughSeq!.Value;

        // Well past the threshold again, inside the hour: no summary.
        await AddAsync(chat, session, 12, "Evora");
        Assert.Equal(first, (await chat.Session(session).GetContextAsync())!.SummarizedThroughSeq);
        Assert.Empty(await chat.Session(session).GetContextHistoryAsync(null));

        chat.Clock.Advance(TimeSpan.FromSeconds(3601));
        await AddAsync(chat, session, 2, "Beja");

        await TestClusters.Within(UntilSummarizedAsync(chat.Session(session), beyond: first), "the next rolling summary");
        Assert.Single(await chat.Session(session).GetContextHistoryAsync(null));
    }

    [Fact]
    public async Task SummarizeNow_BelowTheThreshold_FoldsAllButTheRecentWindow_AndTheReplacedContextStaysInTheHistory()
    {
        // Threshold 0: nothing is summarized on its own; the explicit call still works.
        await using var chat = await ChatCluster.StartAsync(configureSilo: Summaries(threshold: 0, keepRecent: 30));
        var session = await chat.User("ben").CreateSessionAsync(null, null);
        await chat.Session(session).UpdateContextAsync(new SituationalContext("Ben is planning a move.", ["move"], [], default, 0.9));
        var messages = await AddAsync(chat, session, 6, "Porto");
        Assert.Null((await chat.Session(session).GetContextAsync())!.SummarizedThroughSeq);

        var result = await Summary(chat, session).SummarizeAsync();

        var through = LastFoldable(messages, 30);
        Assert.True(through is > 0 and < 6, $"the recent window must leave some messages out and fold others (through {through})");
        Assert.Equal((true, through, (int)through), (result.Summarized, result.ThroughSeq, result.Messages));
        var context = (await chat.Session(session).GetContextAsync())!;
        Assert.Equal(result.Context, context with { KeyPoints = result.Context!.KeyPoints, Entities = result.Context.Entities });
        Assert.StartsWith("Ben is planning a move. Messages 1–" + through + ":", context.Summary, StringComparison.Ordinal);
        Assert.Equal(through, context.SummarizedThroughSeq);
        Assert.Equal("move", context.KeyPoints[0]);
        var history = await chat.Session(session).GetContextHistoryAsync(null);
        Assert.Equal("Ben is planning a move.", Assert.Single(history).Context.Summary);

        // Nothing new beyond the window: a second call changes nothing.
        var again = await Summary(chat, session).SummarizeAsync();
        Assert.Equal((false, through, 0), (again.Summarized, again.ThroughSeq, again.Messages));
        Assert.Single(await chat.Session(session).GetContextHistoryAsync(null));

        // New messages push older ones out of the window: the next pass starts after the last one folded.
        await AddAsync(chat, session, 4, "Braga");
        var next = await Summary(chat, session).SummarizeAsync();
        Assert.True(next.Summarized);
        Assert.True(next.ThroughSeq > through);
        Assert.Contains($"Messages {through + 1}–{next.ThroughSeq}:", next.Context!.Summary, StringComparison.Ordinal);
        Assert.Equal(2, (await chat.Session(session).GetContextHistoryAsync(null)).Count);
    }

    [Fact]
    public async Task AConfiguredModel_GetsTheSummarySoFarAndTheFoldedMessages_AndItsAnswerIsTheSummary()
    {
        var client = new ScriptedChatClient().Answer("  Cleo asked about trains to Porto and prefers mornings.  ");
        await using var chat = await ChatCluster.StartAsync(configureSilo: Summaries(threshold: 0, keepRecent: 0, client));
        var session = await chat.User("cleo").CreateSessionAsync(null, null);
        await AddAsync(chat, session, 3, "trains");

        var result = await Summary(chat, session).SummarizeAsync();

        Assert.Equal((true, 3L), (result.Summarized, result.ThroughSeq));
        var context = (await chat.Session(session).GetContextAsync())!;
        Assert.Equal("Cleo asked about trains to Porto and prefers mornings.", context.Summary);
        Assert.Equal(SessionSummaryGrain.ModelConfidence, context.Confidence);
        var prompt = Assert.Single(client.Prompts);
        Assert.Contains("running summary", prompt[0].Text, StringComparison.Ordinal);
        Assert.Contains("Summary so far:\n(none)", prompt[1].Text, StringComparison.Ordinal);
        Assert.Contains("[1] user: Message 1 is about trains 1.", prompt[1].Text, StringComparison.Ordinal);
        Assert.Contains("[3] user: Message 3 is about trains 3.", prompt[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingModel_LeavesTheContextAsItWas()
    {
        var client = new ScriptedChatClient().Throw(new InvalidOperationException("the model is down"));
        await using var chat = await ChatCluster.StartAsync(configureSilo: Summaries(threshold: 0, keepRecent: 0, client));
        var session = await chat.User("dan").CreateSessionAsync(null, null);
        var before = await chat.Session(session).UpdateContextAsync(new SituationalContext("Dan's own notes.", [], [], default, 1));
        await AddAsync(chat, session, 2);

        await Assert.ThrowsAnyAsync<Exception>(() => Summary(chat, session).SummarizeAsync());

        Assert.Equal(before.Summary, (await chat.Session(session).GetContextAsync())!.Summary);
        Assert.Empty(await chat.Session(session).GetContextHistoryAsync(null));
    }

    [Fact]
    public async Task ARollingSummary_IsAppliedOnlyOverTheContextItWasMadeFrom_AndMustAdvanceWithinTheMessages()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: Summaries(threshold: 0, keepRecent: 0));
        var session = await chat.User("eve").CreateSessionAsync(null, null);
        await AddAsync(chat, session, 3);
        var grain = chat.Session(session);
        var summary = new SituationalContext("through two", [], [], default, 0.5) { SummarizedThroughSeq = 2 };

        // Made from a summary through seq 1, but the session has none: a context came in meanwhile, so it is not applied.
        Assert.False(await grain.ApplyRollingSummaryAsync(summary, basedOnThroughSeq: 1));
        Assert.Null(await grain.GetContextAsync());
        var beyond = await Assert.ThrowsAsync<ValidationError>(() => grain.ApplyRollingSummaryAsync(summary with { SummarizedThroughSeq = 4 }, null));
        Assert.Contains("summary-advances", beyond.Message, StringComparison.Ordinal);
        Assert.True(await grain.ApplyRollingSummaryAsync(summary, null));
        await Assert.ThrowsAsync<ValidationError>(() => grain.ApplyRollingSummaryAsync(summary, basedOnThroughSeq: 2));
        Assert.Equal(2, (await grain.GetContextAsync())!.SummarizedThroughSeq);
    }

    [Fact]
    public async Task SummarizingASessionThatDoesNotExist_IsNotFound()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: Summaries(threshold: 0, keepRecent: 0));

        var error = await Assert.ThrowsAsync<NotFoundError>(() =>
            chat.Client.GetGrain<ISessionSummaryGrain>(ChatGrainKeys.Session("zed", "chat_session_20260101_000000_000000")).SummarizeAsync());

        Assert.Contains("zed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0, "offline", "Memory:Summary:ThresholdTokens must be 0 (off) or more")]
    [InlineData(100, 10, "offline", "Memory:Summary:MinIntervalSeconds must be 0 or more", -5)]
    [InlineData(100, 100, "offline", "Memory:Summary:KeepRecentTokens (100) must be smaller than Memory:Summary:ThresholdTokens (100)")]
    [InlineData(100, 10, "gpt", "Memory:Summary:Model 'gpt' is not a configured model; the configured models are embed, offline")]
    [InlineData(100, 10, "embed", "Memory:Summary:Model 'embed' is an embedding model")]
    public void BadSettings_AreRefusedNamingTheSetting(int threshold, int keepRecent, string model, string expected, int minInterval = 60)
    {
        var models = new ModelRegistry(new Dictionary<string, ModelEntry>
        {
            ["embed"] = new() { Provider = ModelProviders.OpenAI, Kind = ModelKinds.Embedding, Endpoint = "http://127.0.0.1:9/v1", Model = "e" },
        });

        var result = new SessionSummaryOptionsValidator(models).Validate(null, new SessionSummaryOptions
        {
            ThresholdTokens = threshold, KeepRecentTokens = keepRecent, Model = model, MinIntervalSeconds = minInterval,
        });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOfflineSummary_KeepsTheNewestTextWithinTheLimit_AndTheNewestUserKeyPoints()
    {
        var messages = Enumerable.Range(1, 30).Select(i => new ChatMessage($"m{i}", i, i % 2 == 1 ? "user" : "assistant",
            $"Point number {i} matters", default, [], [])).ToList();

        var (summary, keyPoints) = OfflineSummarizer.Summarize("An old summary.", ["old point"], messages, maxChars: 120, maxKeyPoints: 3);

        Assert.True(summary.Length <= 120, summary);
        Assert.StartsWith("… ", summary, StringComparison.Ordinal);
        Assert.EndsWith("assistant: Point number 30 matters.", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("An old summary", summary, StringComparison.Ordinal);
        Assert.Equal(["Point number 25 matters.", "Point number 27 matters.", "Point number 29 matters."], keyPoints);
        Assert.Equal("One two three.", OfflineSummarizer.FirstSentence("One two  three. Four five?"));
        Assert.EndsWith(" …", OfflineSummarizer.FirstSentence(string.Join(' ', Enumerable.Repeat("word", 40))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentRun_PutsTheRollingSummaryInPlaceOfTheMessagesThatDidNotFit()
    {
        var client = new ScriptedChatClient().Answer("first").Answer("second");
        await using var chat = await ChatCluster.StartAsync(configureSilo: silo =>
        {
            Summaries(threshold: 0, keepRecent: 0)(silo);
            AgentToolTests.With(client)(silo);
        });
        var session = await chat.User("gus").CreateSessionAsync(null, null);
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("gus", "helper"))
            .SaveAsync(new AgentDefinition { Instructions = "Help.", HistoryTokens = 120 });
        var run = () => chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("gus", "helper", ChatGrainKeys.NewRunId()))
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "What do you remember?" });

        // Everything fits: no summary in the prompt, even though one exists.
        await AddAsync(chat, session, 2, "Lisbon");
        await chat.Session(session).ApplyRollingSummaryAsync(new SituationalContext("Gus lives in Lisbon.", [], [], default, 0.5) { SummarizedThroughSeq = 2 }, null);
        await run();
        Assert.DoesNotContain("Earlier in this conversation", client.Prompts[0][0].Text, StringComparison.Ordinal);

        // Too long for the budget: the summary stands in for the oldest messages, within the budget.
        await AddAsync(chat, session, 10, "Porto");
        await run();

        var prompt = client.Prompts[1];
        Assert.Equal("Help.\n\nEarlier in this conversation (summary of messages 1–2): Gus lives in Lisbon.", prompt[0].Text);
        var messages = await chat.Session(session).GetMessagesAsync(new MessageQuery { Limit = 100 });
        var shown = prompt.Skip(1).Select(m => m.Text).ToList();
        Assert.Equal("What do you remember?", shown[^1]);
        Assert.True(shown.Count < messages.Count - 1, "older messages must have been left out");
        Assert.DoesNotContain(shown, text => text.Contains("Lisbon", StringComparison.Ordinal));
        Assert.Contains(shown, text => text.Contains("Porto 10.", StringComparison.Ordinal));
    }
}
