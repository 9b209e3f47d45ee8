using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class MetadataFilterTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private static Dictionary<string, string> Filter(params string[] keysAndValues) =>
        Enumerable.Range(0, keysAndValues.Length / 2).ToDictionary(i => keysAndValues[2 * i], i => keysAndValues[2 * i + 1]);

    [Fact]
    public async Task Messages_FilteredByMetadata_KeepOnlyThoseWithEveryKeyAndValue_InEveryPagingMode()
    {
        var session = _chat.Session(await _chat.User(Json.NewUserId()).CreateSessionAsync("filter", null));
        for (var i = 1; i <= 10; i++)
        {
            await session.AddMessageAsync(new NewMessage
            {
                Role = "user",
                Content = $"m{i}",
                Metadata = Json.Map("lang", i % 2 == 0 ? "\"en\"" : "\"de\"", "turn", $"{i % 3}", "flag", i == 4 ? "true" : "false"),
            });
        }

        async Task<long[]> SeqsAsync(MessageQuery query) => [.. (await session.GetMessagesAsync(query)).Select(m => m.Seq)];

        Assert.Equal(new long[] { 2L, 4, 6, 8, 10 }, await SeqsAsync(new MessageQuery { Metadata = Filter("lang", "en") }));
        Assert.Equal(new long[] { 4L, 10 }, await SeqsAsync(new MessageQuery { Metadata = Filter("lang", "en", "turn", "1") }));
        Assert.Equal(new long[] { 4L }, await SeqsAsync(new MessageQuery { Metadata = Filter("flag", "true") }));
        Assert.Equal(new long[] { 8L, 10 }, await SeqsAsync(new MessageQuery { Metadata = Filter("lang", "en"), Latest = true, Limit = 2 }));
        Assert.Equal(new long[] { 4L, 6 }, await SeqsAsync(new MessageQuery { Metadata = Filter("lang", "en"), Offset = 1, Limit = 2 }));
        Assert.Empty(await SeqsAsync(new MessageQuery { Metadata = Filter("lang", "fr") }));
        Assert.Empty(await SeqsAsync(new MessageQuery { Metadata = Filter("missing", "x") }));
    }

    [Fact]
    public async Task Sessions_FilteredByMetadata_KeepOnlyMatchingOnes()
    {
        var user = _chat.User(Json.NewUserId());
        var support = await user.CreateSessionAsync("a", Json.Map("channel", "\"support\"", "tier", "2"));
        await user.CreateSessionAsync("b", Json.Map("channel", "\"sales\"", "tier", "2"));
        await user.CreateSessionAsync("c", null);

        var bySupport = await user.ListSessionsWithMetadataAsync(null, 0, null, Filter("channel", "support"));
        var byTier = await user.ListSessionsWithMetadataAsync(null, 0, null, Filter("tier", "2"));
        var none = await user.ListSessionsWithMetadataAsync(null, 0, null, Filter("channel", "support", "tier", "3"));

        Assert.Equal([support.Id], bySupport.Select(s => s.Id));
        Assert.Equal(2, byTier.Count);
        Assert.Empty(none);
    }
}
