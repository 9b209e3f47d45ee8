using ChatDb.Grains.Events;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>The panel list is read from <c>panel_sessions/</c>: newest first, paged, filtered by type, without the trash.</summary>
public sealed class FlatfilePanelListTests
{
    [Fact]
    public async Task ListPanels_NewestFirst_PagedAndFilteredByType()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var ids = new List<string>();
        foreach (var type in new[] { "focus_group", "debate", "focus_group", "focus_group" })
        {
            ids.Add((await chat.Panels.CreatePanelAsync(type, ["p1"], null)).Id);
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var all = await chat.Panels.ListPanelsAsync(null, 0, null);
        var page = await chat.Panels.ListPanelsAsync(2, 1, null);
        var focus = await chat.Panels.ListPanelsAsync(null, 0, "focus_group");
        var focusPage = await chat.Panels.ListPanelsAsync(1, 1, "focus_group");
        var none = await chat.Panels.ListPanelsAsync(null, 0, "no_such_type");

        Assert.Equal(ids.AsEnumerable().Reverse(), all.Select(p => p.Id));
        Assert.Equal([ids[2], ids[1]], page.Select(p => p.Id));
        Assert.Equal([ids[3], ids[2], ids[0]], focus.Select(p => p.Id));
        Assert.Equal([ids[2]], focusPage.Select(p => p.Id));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ListPanels_WithBadPaging_OrABlankType_IsAValidationError()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();

        await Assert.ThrowsAsync<ValidationError>(() => chat.Panels.ListPanelsAsync(0, 0, null));
        await Assert.ThrowsAsync<ValidationError>(() => chat.Panels.ListPanelsAsync(null, -1, null));
        await Assert.ThrowsAsync<ValidationError>(() => chat.Panels.ListPanelsAsync(null, 0, " "));
    }

    [Fact]
    public async Task TrashedPanel_LeavesTheList_AndRestore_BringsItBack_WithPanelDeletedAndPanelRestoredEvents()
    {
        var events = new RecordingEventPublisher();
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: silo =>
            silo.Services.AddSingleton<IChatEventPublisher>(services => events.PassingTo(new StreamChatEventPublisher(services, ChatStreams.DefaultProviderName))));
        var kept = await chat.Panels.CreatePanelAsync("t", ["p1"], null);
        var trashed = await chat.Panels.CreatePanelAsync("t", ["p1"], null);

        var report = await chat.Panel(trashed.Id).DeleteAsync();
        var afterDelete = await chat.Panels.ListPanelsAsync(null, 0, null);
        await chat.Panels.RestorePanelAsync(trashed.Id);
        var afterRestore = await chat.Panels.ListPanelsAsync(null, 0, null);

        Assert.NotNull(report.TrashedAt);
        Assert.Equal([kept.Id], afterDelete.Select(p => p.Id));
        Assert.Equal([trashed.Id, kept.Id], afterRestore.Select(p => p.Id));
        var kinds = events.On(ChatStreams.PanelEvents, trashed.Id).Select(e => e.Kind);
        Assert.Equal([ChatEventKinds.PanelCreated, ChatEventKinds.PanelDeleted, ChatEventKinds.PanelRestored], kinds);
        Assert.Equal(report.TrashedAt, Assert.IsType<PanelDeleted>(events.On(ChatStreams.PanelEvents, trashed.Id)[1]).Report.TrashedAt);
    }

    [Fact]
    public async Task ListPanels_SkipsADirectoryWithoutPanelJson_AndOneThatDoesNotParse()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var good = await chat.Panels.CreatePanelAsync("t", ["p1"], null);
        Directory.CreateDirectory(chat.PathOf("panel_sessions/panel_20300101_000000_000000"));
        Directory.CreateDirectory(chat.PathOf("panel_sessions/panel_20300101_000000_000001"));
        await File.WriteAllTextAsync(chat.PathOf("panel_sessions/panel_20300101_000000_000001/panel.json"), "{not json");
        Directory.CreateDirectory(chat.PathOf("panel_sessions/not_a_panel"));

        var listed = await chat.Panels.ListPanelsAsync(null, 0, null);

        Assert.Equal([good.Id], listed.Select(p => p.Id));
    }
}
