using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class ContextTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    /// <summary>A new session of a user no other test uses.</summary>
    private static async Task<ISessionGrain> NewSessionAsync(ChatCluster chat, string? userId = null) =>
        chat.Session(await chat.User(userId ?? Json.NewUserId()).CreateSessionAsync("ctx", null));

    private static SituationalContext Context(string summary, int keyPoints = 1, double confidence = 0.8) =>
        new(summary, [.. Enumerable.Range(0, keyPoints).Select(i => $"point {i}")], new() { ["topics"] = ["python"] }, default, confidence);

    [Fact]
    public async Task UpdateContext_ReplacesTheCurrentContext_StampingTheTimeWhenMissing()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        Assert.Null(await session.GetContextAsync());

        await session.UpdateContextAsync(Context("first"));
        var second = await session.UpdateContextAsync(Context("second"));

        var current = await session.GetContextAsync();
        Assert.Equal("second", current!.Summary);
        Assert.Equal(chat.Clock.GetUtcNow(), second.Timestamp);
        Assert.Equal(["python"], current.Entities["topics"]);
    }

    [Fact]
    public async Task UpdateContext_OverTheSummaryOrKeyPointLimits_ThrowsNamingLimitAndValue()
    {
        await using var chat = await ChatCluster.StartAsync(o =>
        {
            o.ContextSummaryMaxLength = 5;
            o.ContextKeyPointsMaxCount = 2;
        });
        var session = await NewSessionAsync(chat);

        var summary = await Assert.ThrowsAsync<StorageLimitExceeded>(() => session.UpdateContextAsync(Context("too long")));
        var points = await Assert.ThrowsAsync<StorageLimitExceeded>(() => session.UpdateContextAsync(Context("ok", keyPoints: 3)));
        await Assert.ThrowsAsync<ValidationError>(() => session.UpdateContextAsync(Context("ok", confidence: 1.5)));

        Assert.Equal(("ContextSummaryMaxLength", 5L, 8L), (summary.LimitName, summary.Limit, summary.Actual));
        Assert.Equal(("ContextKeyPointsMaxCount", 2L, 3L), (points.LimitName, points.Limit, points.Actual));
        Assert.Null(await session.GetContextAsync());
    }

    [Fact]
    public async Task ContextHistory_IsCappedDroppingTheOldest_AndListedNewestFirst()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.MaxContextHistorySnapshots = 3);
        var session = await NewSessionAsync(chat);
        var saved = new List<ContextSnapshot>();
        for (var i = 1; i <= 5; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
            saved.Add(await session.SaveContextSnapshotAsync(Context($"c{i}")));
        }

        var history = await session.GetContextHistoryAsync(null);
        var newestTwo = await session.GetContextHistoryAsync(2);

        Assert.Equal(["c5", "c4", "c3"], history.Select(h => h.Context.Summary));
        Assert.Equal([saved[4].Id, saved[3].Id], newestTwo.Select(h => h.Id));
        Assert.Matches("^context_\\d{8}_\\d{6}_\\d{6}$", saved[0].Id);
    }

    [Fact]
    public async Task SaveContextSnapshot_WithoutAContext_SnapshotsTheCurrentOne_AndIdsNeverCollide()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        await Assert.ThrowsAsync<NotFoundError>(() => session.SaveContextSnapshotAsync(null));
        await session.UpdateContextAsync(Context("now"));

        var first = await session.SaveContextSnapshotAsync(null);
        var second = await session.SaveContextSnapshotAsync(null);

        Assert.Equal("now", first.Context.Summary);
        Assert.True(string.CompareOrdinal(second.Id, first.Id) > 0);
        Assert.Equal(2, (await session.GetContextHistoryAsync(null)).Count);
    }
}
