using ChatDb.Grains.Models;
using ChatDb.Grains.Users;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Sessions;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// Session creates through the user's session journal (docs/STORAGE.md §6): a create is one journal line; the session's
/// directory is written without waiting for the disk, rebuilt from the line when a power loss took it, and a session
/// removed after its create never comes back from that line.
/// </summary>
public sealed class FlatfileSessionJournalTests
{
    [Fact]
    public async Task Creates_AreOneJournalLineEach_AndTheSessionsAreListedWithTheirRecords()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var first = await chat.User("u1").CreateSessionAsync("first", null);
        var second = await chat.User("u1").CreateSessionAsync("second", null);

        var lines = SessionJournalRecovery.Read(chat.PathOf("users/u1/sessions.jsonl"));
        Assert.Equal([(first.Id, SessionJournalAction.Created), (second.Id, SessionJournalAction.Created)], lines.Select(l => (l.SessionId, l.Action)));
        Assert.StartsWith($$"""{"seq":1,"session_id":"{{first.Id}}","action":"created","session":{"id":"{{first.Id}}","user_id":"u1","title":"first",""",
            File.ReadLines(chat.PathOf("users/u1/sessions.jsonl")).First(), StringComparison.Ordinal);
        Assert.Equal("second", lines[1].Session!.Value.GetProperty("title").GetString());
        Assert.True(File.Exists(chat.PathOf($"users/u1/{second.Id}/session.json")));
        var listed = await chat.User("u1").ListSessionsAsync(null, 0, null);
        Assert.Equal([first.Id, second.Id], listed.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal("second", (await chat.Session(second).GetAsync()).Title);
    }

    [Fact]
    public async Task NewSessionDirectories_AreSyncedTogetherByTheIndexTimer_NotOneByOneAtTheirCreates()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var first = await chat.User("u1").CreateSessionAsync("the user's first", null);
        var second = await chat.User("u1").CreateSessionAsync("second", null);
        var third = await chat.User("u1").CreateSessionAsync("third", null);
        var directories = new[] { first, second, third }.Select(s => chat.PathOf($"users/u1/{s.Id}")).ToList();
        var pendingAfterCreates = directories.Select(DeferredDirectorySync.IsPending).ToList();

        chat.Clock.Advance(UserGrain.ActivityFlushDelay);
        await chat.User("u1").CountSessionsAsync(); // the timer's turn ran before this call

        Assert.Equal([true, true, true], pendingAfterCreates);
        Assert.Equal([false, false, false], directories.Select(DeferredDirectorySync.IsPending));
        // The journal keeps its lines until the user grain deactivates; the sync made them unneeded, not wrong.
        Assert.Equal(3, SessionJournalRecovery.Read(chat.PathOf("users/u1/sessions.jsonl")).Count);
    }

    [Fact]
    public async Task SessionWhoseDirectoryAPowerLossTook_IsRebuiltFromTheJournal_AtTheNextStart()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var kept = await chat.User("u1").CreateSessionAsync("kept", null);
        var lost = await chat.User("u1").CreateSessionAsync("lost directory", null);
        var torn = await chat.User("u1").CreateSessionAsync("torn record", null);

        await chat.CrashAndStartAsync(copy =>
        {
            Directory.Delete(Path.Join(copy, "users", "u1", lost.Id), recursive: true);
            File.WriteAllBytes(Path.Join(copy, "users", "u1", torn.Id, "session.json"), new byte[17]);
        });
        var listed = await chat.User("u1").ListSessionsAsync(null, 0, null);

        Assert.Equal([(kept.Id, "kept"), (lost.Id, "lost directory"), (torn.Id, "torn record")], listed.Select(s => (s.Id, s.Title)).Order());
        Assert.Equal("lost directory", (await chat.Session(lost).GetAsync()).Title);
        Assert.Equal(lost.CreatedAt, (await chat.Session(lost).GetAsync()).CreatedAt);
        await chat.Session(torn).AddMessageAsync(new NewMessage { Role = "user", Content = "still writable" });

        // The open replayed the journal and emptied it: its lines were needed only until the sessions were durable.
        Assert.Equal(0, new FileInfo(chat.PathOf("users/u1/sessions.jsonl")).Length);
    }

    [Fact]
    public async Task AGracefulRestart_EmptiesTheJournal_SoADamagedRecordAnswersIntegrity_InsteadOfGoingBackToItsFirstTitle()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("u1").CreateSessionAsync("first title", null);
        await chat.Session(session).UpdateAsync(new SessionPatch { Title = "renamed" });
        Assert.Single(SessionJournalRecovery.Read(chat.PathOf("users/u1/sessions.jsonl")));

        await chat.RestartAsync();
        Assert.False(File.Exists(chat.PathOf("users/u1/sessions.jsonl")), "the user grain's deactivation removed its journal");
        Assert.Equal("renamed", (await chat.Session(session).GetAsync()).Title);

        await chat.RestartAsync();
        File.WriteAllText(chat.PathOf($"users/u1/{session.Id}/session.json"), "{\"id\": garbage");
        await chat.RestartAsync();
        await Assert.ThrowsAsync<ChatDb.Storage.IntegrityError>(() => chat.Session(session).GetAsync());
    }

    [Fact]
    public async Task DeletedAndTrashedSessions_DoNotComeBackFromTheirCreationLines_AfterACrash()
    {
        await using var chat = await FlatfileChatCluster.StartAsync(limits => limits.BackupBeforeDelete = false);
        var purged = await chat.User("u1").CreateSessionAsync("purged", null);
        var kept = await chat.User("u1").CreateSessionAsync("kept", null);
        await chat.Session(purged).DeleteAsync();

        var lines = SessionJournalRecovery.Read(chat.PathOf("users/u1/sessions.jsonl"));
        await chat.CrashAndStartAsync();
        var listed = await chat.User("u1").ListSessionsAsync(null, 0, null);

        Assert.Equal([(purged.Id, SessionJournalAction.Created), (kept.Id, SessionJournalAction.Created), (purged.Id, SessionJournalAction.Removed)],
            lines.Select(l => (l.SessionId, l.Action)));
        Assert.Equal([kept.Id], listed.Select(s => s.Id));
        Assert.False(Directory.Exists(chat.PathOf($"users/u1/{purged.Id}")));
    }

    [Fact]
    public async Task TrashedSession_StaysInTheTrash_AfterACrash_AndIsRemovedOnceFromTheJournal()
    {
        await using var chat = await FlatfileChatCluster.StartAsync(limits => limits.BackupBeforeDelete = true);
        var trashed = await chat.User("u1").CreateSessionAsync("trashed", null);
        await chat.Session(trashed).DeleteAsync();

        await chat.CrashAndStartAsync();
        var listed = await chat.User("u1").ListSessionsAsync(null, 0, null);
        var inTrash = await chat.User("u1").ListTrashAsync();

        Assert.Empty(listed);
        Assert.Contains(inTrash, item => item.Id == trashed.Id);
        Assert.False(Directory.Exists(chat.PathOf($"users/u1/{trashed.Id}")));
    }
}
