using ChatDb.Grains.Hosting;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

/// <summary>Retention registered but not enabled: deleting data must be opted into, so a year passes and nothing is touched.</summary>
public sealed class RetentionDisabledTests : IAsyncLifetime
{
    private FlatfileChatCluster _chat = null!;

    public async Task InitializeAsync() =>
        _chat = await FlatfileChatCluster.StartAsync(
            limits => limits.PanelInsightRetentionDays = 1,
            silo => silo.AddChatRetention(o =>
            {
                o.ArchiveSessionsAfterDays = 1;
                o.DeleteSessionsAfterDays = 2;
            }));

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task RetentionNotEnabled_AfterAYear_LeavesSessionsAndInsightsAlone()
    {
        var session = await _chat.User("alice").CreateSessionAsync("old", null);
        await _chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "hello" });
        await _chat.GlobalPersona("analyst_ai").SaveAsync(Json.Map("name", "\"Analyst\""));
        var panel = await _chat.Panels.CreatePanelAsync("discussion", ["analyst_ai"], null);
        await _chat.Panel(panel.Id).SaveInsightAsync(Json.Map("finding", "\"x\""));
        var before = _chat.ListFiles();

        _chat.Clock.Advance(TimeSpan.FromDays(365));

        Assert.Null(await _chat.Client.GetGrain<IRetentionGrain>(ChatGrainKeys.Global).GetLastReportAsync());
        Assert.Single(await _chat.User("alice").ListSessionsAsync(null, 0, null));
        Assert.Single(await _chat.Panel(panel.Id).ListInsightsAsync());
        Assert.Contains(before, f => f.EndsWith($"{session.Id}/messages.jsonl", StringComparison.Ordinal));
        Assert.Contains(_chat.ListFiles(), f => f.EndsWith($"{session.Id}/messages.jsonl", StringComparison.Ordinal));
    }

    [Fact]
    public void RetentionOptions_ByDefault_AreDisabledWithAnHourlyInterval()
    {
        var defaults = new Retention.RetentionOptions();

        Assert.False(defaults.Enabled);
        Assert.Equal(TimeSpan.FromHours(1), defaults.Interval);
        Assert.Null(defaults.DeleteSessionsAfterDays);
    }
}
