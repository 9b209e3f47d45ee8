using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

/// <summary>Panels after creation: patching configuration and personas, analytics, and the events of each change.</summary>
[Collection(SharedChatCollection.Name)]
public sealed class PanelManagementTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private IPanelDirectoryGrain Directory => _chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global);

    private IPanelGrain Panel(string panelId) => _chat.Client.GetGrain<IPanelGrain>(panelId);

    [Fact]
    public async Task Update_MergesConfig_AddsAndRemovesPersonas_AndPublishesPanelUpdated()
    {
        await _chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona("pm-critic")).SaveAsync(Json.Map("name", "\"Critic\""));
        var created = await Directory.CreatePanelAsync("focus_group", ["pm-a", "pm-b"], Json.Map("rounds", "3", "tone", "\"calm\""));

        var updated = await Panel(created.Id).UpdateAsync(new PanelPatch
        {
            Config = Json.Map("rounds", "4", "tone", "null", "style", "\"brief\""),
            AddPersonas = ["pm-critic", "pm-a"],
            RemovePersonas = ["pm-b", "pm-never-there"],
        });

        Assert.Equal(["pm-a", "pm-critic"], updated.Personas);
        Assert.Equal(["rounds", "style"], updated.Config.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, updated.Config["rounds"].GetInt32());
        Assert.Equal(updated.Personas, (await Panel(created.Id).GetAsync())!.Personas);
        Assert.Equal(["pm-critic"], (await Panel(created.Id).GetPersonaSnapshotsAsync()).Select(p => p.Id));
        var published = Assert.IsType<PanelUpdated>(_chat.Events.On(ChatStreams.PanelEvents, created.Id)[^1]);
        Assert.Equal(updated.Personas, published.Panel.Personas);
    }

    [Fact]
    public async Task Update_ThatRemovesEveryPersona_OrAddsAndRemovesOne_OrUsesAReservedRole_IsRefused()
    {
        var panel = await Directory.CreatePanelAsync("t", ["pm-only"], null);

        var none = await Assert.ThrowsAsync<ValidationError>(() => Panel(panel.Id).UpdateAsync(new PanelPatch { RemovePersonas = ["pm-only"] }));
        var both = await Assert.ThrowsAsync<ValidationError>(() => Panel(panel.Id).UpdateAsync(new PanelPatch { AddPersonas = ["x"], RemovePersonas = ["x"] }));
        var reserved = await Assert.ThrowsAsync<ValidationError>(() => Panel(panel.Id).UpdateAsync(new PanelPatch { AddPersonas = ["moderator"] }));
        var path = await Assert.ThrowsAsync<ValidationError>(() => Panel(panel.Id).UpdateAsync(new PanelPatch { AddPersonas = ["../x"] }));

        Assert.Contains("at least one persona", none.Message, StringComparison.Ordinal);
        Assert.Contains("add-or-remove", both.Message, StringComparison.Ordinal);
        Assert.Contains("panel-role", reserved.Message, StringComparison.Ordinal);
        Assert.Contains("addPersonas", path.Message, StringComparison.Ordinal);
        Assert.Equal(["pm-only"], (await Panel(panel.Id).GetAsync())!.Personas);
    }

    [Fact]
    public async Task Update_OverPanelMaxPersonas_NamesTheLimit()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.PanelMaxPersonas = 2);
        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync("t", ["a", "b"], null);

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => chat.Client.GetGrain<IPanelGrain>(panel.Id).UpdateAsync(new PanelPatch { AddPersonas = ["c"] }));

        Assert.Equal(("PanelMaxPersonas", 2L, 3L), (error.LimitName, error.Limit, error.Actual));
    }

    [Fact]
    public async Task UpdateAndAnalytics_OfAPanelThatDoesNotExist_AreNotFound()
    {
        var unknown = Panel("panel_20200101_000000_000000");

        await Assert.ThrowsAsync<NotFoundError>(() => unknown.UpdateAsync(new PanelPatch { Config = Json.Map("a", "1") }));
        await Assert.ThrowsAsync<NotFoundError>(() => unknown.GetAnalyticsAsync());
    }

    [Fact]
    public async Task Analytics_CountMessagesPerRole_Turns_FirstAndLastActivity_AndInsights()
    {
        var panel = await Directory.CreatePanelAsync("t", ["pm-tutor", "pm-silent"], null);
        var first = await Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "user", Content = "Question?" });
        await Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "pm-tutor", Content = "One." });
        await Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "pm-tutor", Content = "Two." });
        _chat.Clock.Advance(TimeSpan.FromMinutes(5));
        var last = await Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "moderator", Content = "Thanks." });
        await Panel(panel.Id).SaveInsightAsync(Json.Map("topic", "\"x\""));

        var analytics = await Panel(panel.Id).GetAnalyticsAsync();

        Assert.Equal(4, analytics.Messages);
        Assert.Equal(3, analytics.Turns);
        Assert.Equal(new Dictionary<string, long> { ["pm-tutor"] = 2, ["pm-silent"] = 0, ["user"] = 1, ["moderator"] = 1 },
            analytics.MessagesByRole.ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal((first.Timestamp, last.Timestamp), (analytics.FirstActivity, analytics.LastActivity));
        Assert.Equal(1, analytics.Insights);
    }

    [Fact]
    public async Task Analytics_OfAPanelWithoutMessages_HasNoActivity()
    {
        var panel = await Directory.CreatePanelAsync("t", ["pm-a"], null);

        var analytics = await Panel(panel.Id).GetAnalyticsAsync();

        Assert.Equal((0L, 0L, (DateTimeOffset?)null, (DateTimeOffset?)null, 0), (analytics.Messages, analytics.Turns, analytics.FirstActivity, analytics.LastActivity, analytics.Insights));
        Assert.Equal(0, analytics.MessagesByRole["pm-a"]);
    }

    [Fact]
    public async Task Purge_PublishesPanelDeletedWithTheReport()
    {
        var panel = await Directory.CreatePanelAsync("t", ["pm-a"], null);
        await Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "pm-a", Content = "Hi." });

        await Panel(panel.Id).PurgeAsync();

        var deleted = Assert.IsType<PanelDeleted>(_chat.Events.On(ChatStreams.PanelEvents, panel.Id)[^1]);
        Assert.Equal((panel.Id, 1L, (DateTimeOffset?)null), (deleted.Report.PanelId, deleted.Report.Messages, deleted.Report.TrashedAt));
    }

    [Fact]
    public async Task ListPanels_OnAStorageThatCannotListThem_IsAConfigurationError()
    {
        var error = await Assert.ThrowsAsync<ConfigurationError>(() => Directory.ListPanelsAsync(null, 0, null));

        Assert.Contains("panel-list-needs-listing", error.Message, StringComparison.Ordinal);
    }
}
