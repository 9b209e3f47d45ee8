using System.Text.RegularExpressions;
using ChatDb.Grains.Users;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>The user's session index is derived from the session directories and is rebuilt from them when it lags.</summary>
public sealed class FlatfileSessionIndexTests
{
    [Fact]
    public async Task SessionsCreated_BeforeAKillThatSkipsTheIndexWrite_AreListedAfterTheRestart()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var first = await chat.User("u1").CreateSessionAsync("first", null);
        var second = await chat.User("u1").CreateSessionAsync("second", null);
        var third = await chat.User("u1").CreateSessionAsync("third", null);
        var titlesInIndexBeforeKill = TitlesIn(chat.PathOf("users/u1/.index/sessions.json"));

        await chat.CrashAndStartAsync();
        var listed = await chat.User("u1").ListSessionsAsync(null, 0, null);
        var fourth = await chat.User("u1").CreateSessionAsync("fourth", null);

        Assert.Equal(1, titlesInIndexBeforeKill);
        Assert.Equal([(first.Id, "first"), (second.Id, "second"), (third.Id, "third")], listed.Select(s => (s.Id, s.Title)).Order());
        Assert.True(string.CompareOrdinal(fourth.Id, third.Id) > 0, $"{fourth.Id} must come after {third.Id}");
    }

    [Fact]
    public async Task IndexWrite_AfterTheUsersFirstSession_WaitsForTheFlushTimer()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await chat.User("u1").CreateSessionAsync("first", null);
        await chat.User("u1").CreateSessionAsync("second", null);
        var index = chat.PathOf("users/u1/.index/sessions.json");
        var titlesBeforeFlush = TitlesIn(index);

        chat.Clock.Advance(UserGrain.ActivityFlushDelay);
        await chat.User("u1").CountSessionsAsync(); // the flush tick ran as a turn before this call

        Assert.Equal(1, titlesBeforeFlush);
        Assert.Equal(2, TitlesIn(index));
    }

    [Fact]
    public async Task SessionDirectory_RemovedBehindTheIndex_IsDroppedFromTheListOnTheNextActivation()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var kept = await chat.User("u1").CreateSessionAsync("kept", null);
        var removed = await chat.User("u1").CreateSessionAsync("removed", null);
        await chat.RestartAsync();

        Directory.Delete(chat.PathOf($"users/u1/{removed.Id}"), recursive: true);
        await chat.RestartAsync();
        var listed = await chat.User("u1").ListSessionsAsync(null, 0, null);

        Assert.Equal([kept.Id], listed.Select(s => s.Id));
    }

    private static int TitlesIn(string indexPath) => Regex.Count(File.ReadAllText(indexPath), "\"title\"");
}
