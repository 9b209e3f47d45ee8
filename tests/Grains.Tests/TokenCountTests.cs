using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Grains.Tokens;
using ChatDb.Storage;
using Microsoft.ML.Tokenizers;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class TokenCountTests(SharedChatCluster shared)
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private readonly ChatCluster _chat = shared.Chat;

    private async Task<ISessionGrain> NewSessionAsync() =>
        _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("tokens", null));

    private static int Expected(string content) => O200k.CountTokens(content) + MessageTokenCounter.PerMessageOverhead;

    [Fact]
    public void Counter_CountsContent_ToolCallsAndResults_PlusTheOverhead_AndNothingForReferences()
    {
        var counter = new MessageTokenCounter("o200k_base");
        var arguments = JsonDocument.Parse("""{"city":"Oslo"}""").RootElement;
        var result = JsonDocument.Parse("""{"temp":21}""").RootElement;

        Assert.Equal(2 + 4, counter.Count("hello world", null));
        Assert.Equal(
            Expected("hi") + O200k.CountTokens("lookup") + O200k.CountTokens("""{"city":"Oslo"}""") + O200k.CountTokens("""{"temp":21}"""),
            counter.Count("hi", [MessagePart.FromText("hi"), MessagePart.ToolCall("c", "lookup", arguments), MessagePart.ToolResult("c", result),
                MessagePart.FromDocument("a.pdf"), MessagePart.FromUri("https://example.com/a.png", "image/png")]));
    }

    [Fact]
    public void Counter_InCl100k_CountsWithThatEncoding()
    {
        var cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        const string text = "Привет, как дела? 你好世界";

        Assert.Equal(cl100k.CountTokens(text) + 4, new MessageTokenCounter("cl100k_base").Count(text, null));
        Assert.NotEqual(O200k.CountTokens(text), cl100k.CountTokens(text));
    }

    [Fact]
    public void Options_WithAnUnknownEncoding_FailNamingTheSettingAndTheChoices()
    {
        var result = new TokenOptionsValidator().Validate(null, new TokenOptions { Encoding = "p50k_base" });

        Assert.True(result.Failed);
        Assert.Contains("Tokens:Encoding", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("o200k_base", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddedMessages_CarryTheirCount_AndTheSessionTotalIsTheirSum()
    {
        var session = await NewSessionAsync();
        string[] texts = ["Hello there, how are you?", "Fine, thanks. And you?", "A longer message with several words in it."];
        foreach (var text in texts)
        {
            await session.AddMessageAsync(new NewMessage { Role = "user", Content = text });
        }

        var stored = await session.GetMessagesAsync(MessageQuery.Default);
        var totals = await session.GetTokenTotalsAsync();

        Assert.Equal(texts.Select(Expected), stored.Select(m => m.Tokens!.Value));
        Assert.Equal(new MessageTokenTotals(3, texts.Sum(Expected), "o200k_base"), totals);
        await session.AddMessageAsync(new NewMessage { Role = "assistant", Content = "one more" });
        Assert.Equal(texts.Sum(Expected) + Expected("one more"), (await session.GetTokenTotalsAsync()).Tokens);
    }

    [Fact]
    public async Task FitTokens_ReturnsTheNewestMessagesThatFit_OldestFirst_AndEmptyWhenTheNewestAloneIsTooBig()
    {
        var session = await NewSessionAsync();
        var texts = Enumerable.Range(1, 20).Select(i => string.Join(' ', Enumerable.Repeat($"word{i}", i))).ToArray();
        await session.AddMessagesAsync([.. texts.Select(t => new NewMessage { Role = "user", Content = t })]);
        var lastThree = texts[^3..].Sum(Expected);

        var exact = await session.GetMessagesAsync(new MessageQuery { FitTokens = lastThree });
        var oneShort = await session.GetMessagesAsync(new MessageQuery { FitTokens = lastThree - 1 });
        var tooSmall = await session.GetMessagesAsync(new MessageQuery { FitTokens = Expected(texts[^1]) - 1 });
        var all = await session.GetMessagesAsync(new MessageQuery { FitTokens = int.MaxValue });

        Assert.Equal([18L, 19L, 20L], exact.Select(m => m.Seq));
        Assert.Equal([19L, 20L], oneShort.Select(m => m.Seq));
        Assert.Empty(tooSmall);
        Assert.Equal(20, all.Count);
    }

    [Fact]
    public async Task FitTokens_WithOtherPagingFields_OrNegative_IsRejectedNamingThem()
    {
        var session = await NewSessionAsync();

        var combined = await Assert.ThrowsAsync<ValidationError>(() => session.GetMessagesAsync(new MessageQuery { FitTokens = 10, Limit = 5, Latest = true }));
        var negative = await Assert.ThrowsAsync<ValidationError>(() => session.GetMessagesAsync(new MessageQuery { FitTokens = -1 }));

        Assert.Contains("limit, latest", combined.Message, StringComparison.Ordinal);
        Assert.Contains("must not be negative", negative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinesStoredWithoutACount_AreCountedOnRead()
    {
        await using var chat = await ChatCluster.StartAsync();
        var created = await chat.User("old").CreateSessionAsync("old lines", null);
        var grainId = GrainId.Create(Storage.Keys.ChatGrainTypes.Session, Storage.Keys.ChatGrainKeys.Session("old", created.Id));
        var old = new ChatMessage("m-1", 1, "user", "stored before token counts existed", chat.Clock.GetUtcNow(), [], []);
        await chat.LogStorage.AppendAsync("messages", grainId, [old], 0);
        await chat.RestartAsync();

        var read = Assert.Single(await chat.Session(created).GetMessagesAsync(MessageQuery.Default));

        Assert.Equal(Expected(old.Content), read.Tokens);
        Assert.Equal(Expected(old.Content), (await chat.Session(created).GetTokenTotalsAsync()).Tokens);
    }
}
