using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Orleans;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class PanelTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private static IPanelDirectoryGrain Directory(ChatCluster chat) => chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global);

    [Fact]
    public async Task CreatePanel_GivesAGeneratedId_AndSnapshotsTheExistingPersonas()
    {
        await using var chat = await ChatCluster.StartAsync();
        await chat.Client.GetGrain<IPersonaGrain>("analyst_ai").SaveAsync(Json.Map("name", "\"Analyst\""));

        var panel = await Directory(chat).CreatePanelAsync("analysis_team", ["analyst_ai", "critic_ai"], Json.Map("rounds", "3"));

        Assert.Equal("panel_20260304_050607_000000", panel.Id);
        Assert.Equal(["analyst_ai", "critic_ai"], panel.Personas);
        var grain = chat.Client.GetGrain<IPanelGrain>(panel.Id);
        Assert.Equal("analysis_team", (await grain.GetAsync())!.Type);
        Assert.Equal(["analyst_ai"], (await grain.GetPersonaSnapshotsAsync()).Select(p => p.Id));
        Assert.IsType<PanelCreated>(Assert.Single(chat.Events.On(ChatStreams.PanelEvents, panel.Id)));
    }

    [Fact]
    public async Task CreatePanel_InParallel_GivesDistinctIds()
    {
        var chat = _chat;

        var panels = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Directory(chat).CreatePanelAsync("t", ["p1"], null)));

        Assert.Equal(20, panels.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task CreatePanel_OverPanelMaxPersonas_ThrowsNamingLimitAndValue()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.PanelMaxPersonas = 2);

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => Directory(chat).CreatePanelAsync("t", ["a", "b", "c"], null));

        Assert.Equal(("PanelMaxPersonas", 2L, 3L), (error.LimitName, error.Limit, error.Actual));
    }

    [Theory]
    [InlineData("dup")]
    [InlineData("user")]
    [InlineData("../x")]
    public async Task CreatePanel_WithBadPersonaIds_IsAValidationError(string bad)
    {
        var chat = _chat;
        string[] personas = bad == "dup" ? ["a", "a"] : ["a", bad];

        await Assert.ThrowsAsync<ValidationError>(() => Directory(chat).CreatePanelAsync("t", personas, null));
    }

    [Fact]
    public async Task CreateAsync_OnAnExistingPanel_IsRefused()
    {
        var chat = _chat;
        var panel = await Directory(chat).CreatePanelAsync("t", ["a"], null);

        await Assert.ThrowsAsync<ValidationError>(() => chat.Client.GetGrain<IPanelGrain>(panel.Id).CreateAsync("t", ["b"], null));
    }

    [Fact]
    public async Task AddMessage_AcceptsPanelPersonasAndReservedRoles_AndRefusesOthers()
    {
        var chat = _chat;
        var panel = chat.Client.GetGrain<IPanelGrain>((await Directory(chat).CreatePanelAsync("t", ["analyst_ai"], null)).Id);

        await panel.AddMessageAsync(new NewMessage { Role = "moderator", Content = "Begin." });
        await panel.AddMessageAsync(new NewMessage { Role = "analyst_ai", Content = "Based on the data..." });
        await panel.AddMessageAsync(new NewMessage { Role = "user", Content = "Why?", Id = "q1" });
        var retry = await panel.AddMessageAsync(new NewMessage { Role = "user", Content = "Why?", Id = "q1" });
        var error = await Assert.ThrowsAsync<ValidationError>(() => panel.AddMessageAsync(new NewMessage { Role = "stranger", Content = "hi" }));

        Assert.Equal(3, retry.Seq);
        Assert.Contains("panel-role", error.Message, StringComparison.Ordinal);
        var messages = await panel.GetMessagesAsync(new MessageQuery { Offset = 1, Limit = 5 });
        Assert.Equal(["analyst_ai", "user"], messages.Select(m => m.Role));
        Assert.Equal(3, chat.Events.On(ChatStreams.PanelEvents, panel.GetPrimaryKeyString()).Count(e => e is PanelMessageAdded));
    }

    [Fact]
    public async Task Insights_AreSavedWithGeneratedIds_AndListedOldestFirst()
    {
        var chat = _chat;
        var panel = chat.Client.GetGrain<IPanelGrain>((await Directory(chat).CreatePanelAsync("t", ["a"], null)).Id);

        var first = await panel.SaveInsightAsync(Json.Map("conclusion", "\"yes\""));
        var second = await panel.SaveInsightAsync(Json.Map("conclusion", "\"no\""));

        Assert.Matches("^insight_\\d{8}_\\d{6}_\\d{6}$", first.Id);
        var listed = await panel.ListInsightsAsync();
        Assert.Equal([first.Id, second.Id], listed.Select(i => i.Id));
        Assert.Equal("no", listed[1].Data["conclusion"].GetString());
    }

    [Fact]
    public async Task PanelOperations_OnAPanelNeverCreated_ThrowNotFound()
    {
        var chat = _chat;
        var panel = chat.Client.GetGrain<IPanelGrain>("panel_20250101_000000_000000");

        Assert.Null(await panel.GetAsync());
        await Assert.ThrowsAsync<NotFoundError>(() => panel.AddMessageAsync(new NewMessage { Role = "user", Content = "x" }));
        await Assert.ThrowsAsync<NotFoundError>(() => panel.SaveInsightAsync(Json.Map("a", "1")));
    }
}
