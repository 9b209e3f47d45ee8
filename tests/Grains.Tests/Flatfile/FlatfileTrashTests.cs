using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using Orleans.Storage;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// Trash instead of loss (Storage:BackupBeforeDelete, on by default): deleted sessions and panels move to trash/ by one
/// rename, come back with restore, disappear from and return to search, and a crash between the rename and the
/// index write leaves the session in exactly one place.
/// </summary>
public sealed class FlatfileTrashTests
{
    [Fact]
    public async Task DeletedSession_MovesToTheTrash_AndRestoreBringsItBackWithItsMessagesDocumentsAndSearchHits()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("kept for later", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "the zanzibar shipment" });
        await chat.Session(session).SaveDocumentAsync("notes.txt", [1, 2, 3], null, null);
        Assert.Single(await SearchAsync(chat, "zanzibar"));
        chat.Clock.Advance(TimeSpan.FromMinutes(1));

        var report = await chat.Session(session).DeleteAsync();

        Assert.Equal(chat.Clock.GetUtcNow(), report.TrashedAt);
        Assert.Equal((1L, 1, 0L), (report.Messages, report.Documents, report.FilesRemoved));
        Assert.False(Directory.Exists(chat.PathOf($"users/alice/{session.Id}")));
        var entry = $"trash/users/alice/sessions/{session.Id}.deleted_20260304_050707_000000";
        Assert.True(File.Exists(chat.PathOf(entry + "/messages.jsonl")), string.Join("\n", chat.ListFiles()));
        Assert.Empty(await chat.User("alice").ListSessionsAsync(null, 0, null));
        await Assert.ThrowsAsync<NotFoundError>(() => chat.Session(session).GetAsync());
        Assert.Empty(await SearchAsync(chat, "zanzibar"));
        var item = Assert.Single(await chat.User("alice").ListTrashAsync());
        Assert.Equal(new TrashItem(TrashItemKinds.Session, "alice", session.Id, report.TrashedAt!.Value, entry), item);

        var restored = await chat.User("alice").RestoreSessionAsync(session.Id);

        Assert.Equal(session.Id, restored.Id);
        Assert.Equal([session.Id], (await chat.User("alice").ListSessionsAsync(null, 0, null)).Select(s => s.Id));
        Assert.Equal(["the zanzibar shipment"], (await chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        Assert.Equal([1, 2, 3], await chat.Session(session).GetDocumentAsync("notes.txt"));
        Assert.Equal(2, (await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "after the restore" })).Seq);
        var hits = await SearchAsync(chat, "zanzibar");
        Assert.True(hits.Count == 1, string.Join("\n", hits));
        Assert.Empty(await chat.User("alice").ListTrashAsync());
        Assert.False(Directory.Exists(chat.PathOf(entry)));
    }

    [Fact]
    public async Task Restore_OfALiveSession_IsAConflict_AndOfASessionNotInTheTrash_IsNotFound()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var live = await chat.User("alice").CreateSessionAsync("live", null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => chat.User("alice").RestoreSessionAsync(live.Id));
        var missing = await Assert.ThrowsAsync<NotFoundError>(() => chat.User("alice").RestoreSessionAsync("chat_session_20240101_000000_000000"));
        var invalid = await Assert.ThrowsAsync<ValidationError>(() => chat.User("alice").RestoreSessionAsync("../live"));

        Assert.Contains($"session {live.Id} of user alice cannot be restored from the trash: a live session with that id exists", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("is not in the trash", missing.Message, StringComparison.Ordinal);
        Assert.Contains("session id", invalid.Message, StringComparison.Ordinal);
        Assert.Equal([live.Id], (await chat.User("alice").ListSessionsAsync(null, 0, null)).Select(s => s.Id));
    }

    [Fact]
    public async Task Purge_ErasesAtOnce_AndBackupBeforeDeleteOff_ErasesToo()
    {
        await using var chat = await FlatfileChatCluster.StartAsync(limits => limits.BackupBeforeDelete = false);
        var purged = await chat.User("alice").CreateSessionAsync("purged", null);
        var deleted = await chat.User("alice").CreateSessionAsync("deleted", null);
        var trashed = await chat.User("alice").CreateSessionAsync("trashed explicitly", null);

        var purgeReport = await chat.Session(purged).PurgeAsync();
        var deleteReport = await chat.Session(deleted).DeleteAsync();
        var trashReport = await chat.Session(trashed).TrashAsync();

        Assert.Null(purgeReport.TrashedAt);
        Assert.Null(deleteReport.TrashedAt);
        Assert.NotNull(trashReport.TrashedAt);
        Assert.Equal([trashed.Id], (await chat.User("alice").ListTrashAsync()).Select(i => i.Id));
        Assert.DoesNotContain(chat.ListFiles(), f => f.Contains(purged.Id, StringComparison.Ordinal) || f.Contains(deleted.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrashAfterTheRename_BeforeTheIndexWrite_LeavesTheSessionInTheTrashOnly()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var kept = await chat.User("alice").CreateSessionAsync("kept", null);
        var doomed = await chat.User("alice").CreateSessionAsync("doomed", null);
        await chat.Session(doomed).AddMessageAsync(new NewMessage { Role = "user", Content = "quetzal feathers" });
        await chat.RestartAsync();
        var indexBefore = await File.ReadAllBytesAsync(chat.PathOf("users/alice/.index/sessions.json"));
        Assert.Contains(doomed.Id, System.Text.Encoding.UTF8.GetString(indexBefore), StringComparison.Ordinal);

        await chat.Session(doomed).DeleteAsync();
        // The crash point: the directory moved, the index write that follows never happened.
        await File.WriteAllBytesAsync(chat.PathOf("users/alice/.index/sessions.json"), indexBefore);
        await chat.CrashAndStartAsync();

        Assert.Equal([kept.Id], (await chat.User("alice").ListSessionsAsync(null, 0, null)).Select(s => s.Id));
        Assert.Equal([doomed.Id], (await chat.User("alice").ListTrashAsync()).Select(i => i.Id));
        Assert.Empty(await SearchAsync(chat, "quetzal"));
        await Assert.ThrowsAsync<NotFoundError>(() => chat.Session(doomed).GetAsync());
    }

    [Fact]
    public async Task CrashAfterTheRestoreRename_BeforeTheIndexWrite_LeavesTheSessionLiveOnly()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("back", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "ocelot sighting" });
        await chat.Session(session).DeleteAsync();
        var indexWhileTrashed = await File.ReadAllBytesAsync(chat.PathOf("users/alice/.index/sessions.json"));

        await chat.User("alice").RestoreSessionAsync(session.Id);
        await File.WriteAllBytesAsync(chat.PathOf("users/alice/.index/sessions.json"), indexWhileTrashed);
        await chat.CrashAndStartAsync();

        Assert.Equal([session.Id], (await chat.User("alice").ListSessionsAsync(null, 0, null)).Select(s => s.Id));
        Assert.Empty(await chat.User("alice").ListTrashAsync());
        Assert.Equal(["ocelot sighting"], (await chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        Assert.Single(await SearchAsync(chat, "ocelot"));
    }

    [Fact]
    public async Task DeleteUser_ErasesTheUsersTrashToo_ButDeleteToTrash_KeepsEverythingRestorable()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var forgotten = await chat.User("forgotten").CreateSessionAsync("old", null);
        await chat.Session(forgotten).DeleteAsync();
        await chat.User("forgotten").CreateSessionAsync("live", null);
        await chat.User("kept").PutProfileAsync(new UserProfileInput { DisplayName = "Kept" });
        var keptSession = await chat.User("kept").CreateSessionAsync("in the trash with the user", null);
        await chat.Session(keptSession).AddMessageAsync(new NewMessage { Role = "user", Content = "still mine" });

        var erased = await chat.User("forgotten").DeleteAsync();
        var trashed = await chat.User("kept").DeleteToTrashAsync();

        Assert.Null(erased.TrashedAt);
        Assert.DoesNotContain(chat.ListFiles(), f => f.Contains("forgotten", StringComparison.Ordinal));
        Assert.NotNull(trashed.TrashedAt);
        Assert.Equal((true, 1, 1L), (trashed.ProfileDeleted, trashed.Sessions, trashed.Messages));
        Assert.False(Directory.Exists(chat.PathOf("users/kept")));
        Assert.Null(await chat.User("kept").GetProfileAsync());
        var kinds = (await chat.User("kept").ListTrashAsync()).Select(i => (i.Kind, i.Id)).Order().ToList();
        Assert.Equal([(TrashItemKinds.Session, keptSession.Id), (TrashItemKinds.User, "kept")], kinds);
        Assert.Contains(chat.ListFiles(), f => f.StartsWith("trash/users/kept/user.deleted_", StringComparison.Ordinal) && f.EndsWith("/profile.json", StringComparison.Ordinal));

        await chat.User("kept").RestoreSessionAsync(keptSession.Id);
        Assert.Equal(["still mine"], (await chat.Session(keptSession).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
    }

    [Fact]
    public async Task DeletedPanel_MovesToTheTrash_AndComesBackThroughThePanelDirectory()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await chat.GlobalPersona("analyst").SaveAsync(Json.Map("name", "\"Analyst\""));
        var panel = await chat.Panels.CreatePanelAsync("review", ["analyst"], null);
        await chat.Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "analyst", Content = "first take" });
        await chat.Panel(panel.Id).SaveInsightAsync(Json.Map("finding", "\"kept\""));

        var report = await chat.Panel(panel.Id).DeleteAsync();

        Assert.Equal((1L, 1, 0L), (report.Messages, report.Insights, report.FilesRemoved));
        Assert.NotNull(report.TrashedAt);
        Assert.Null(await chat.Panel(panel.Id).GetAsync());
        Assert.False(Directory.Exists(chat.PathOf($"panel_sessions/{panel.Id}")));
        var item = Assert.Single(await chat.Panels.ListTrashAsync());
        Assert.Equal((TrashItemKinds.Panel, (string?)null, panel.Id), (item.Kind, item.UserId, item.Id));
        Assert.StartsWith($"trash/panels/{panel.Id}.deleted_", item.Path, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundError>(() => chat.Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "analyst", Content = "too late" }));

        var restored = await chat.Panels.RestorePanelAsync(panel.Id);

        Assert.Equal((panel.Id, panel.Type, panel.CreatedAt), (restored.Id, restored.Type, restored.CreatedAt));
        Assert.Equal(panel.Personas, restored.Personas);
        Assert.Equal(["first take"], (await chat.Panel(panel.Id).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        Assert.Single(await chat.Panel(panel.Id).ListInsightsAsync());
        Assert.Empty(await chat.Panels.ListTrashAsync());
        await Assert.ThrowsAsync<InconsistentStateException>(() => chat.Panels.RestorePanelAsync(panel.Id));

        var purged = await chat.Panel(panel.Id).PurgeAsync();
        Assert.Null(purged.TrashedAt);
        Assert.DoesNotContain(chat.ListFiles(), f => f.Contains(panel.Id, StringComparison.Ordinal));
    }

    private static Task<IReadOnlyList<SearchHit>> SearchAsync(FlatfileChatCluster chat, string text) =>
        chat.Client.GetGrain<ISearchGrain>("alice").SearchAsync(new SearchQuery { Q = text, Mode = SearchMode.FullText });
}
