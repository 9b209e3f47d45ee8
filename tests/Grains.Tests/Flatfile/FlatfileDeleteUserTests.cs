using System.Text;
using ChatDb.Grains.Models;
using ChatDb.Grains.Memories;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Flatfile;

public sealed class FlatfileDeleteUserTests
{
    // Distinctive enough that it cannot turn up in other data by chance.
    private const string Doomed = "doomed-user-7f3a9c";
    private const string Bystander = "bystander";

    [Fact]
    public async Task DeleteUser_RemovesTheUsersDirectory_AndNoFileAnywhereStillNamesOrContainsTheUser()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var written = await ChatScenario.WriteAsync(chat, Doomed);
        var extra = await chat.User(Doomed).CreateSessionAsync("mentions " + Doomed, Json.Map("owner", $"\"{Doomed}\""));
        await chat.Session(extra).AddMessageAsync(new NewMessage { Role = "user", Content = $"I am {Doomed}", Metadata = Json.Map("who", $"\"{Doomed}\"") });
        var kept = await chat.User(Bystander).CreateSessionAsync("kept", null);
        await chat.Session(kept).AddMessageAsync(new NewMessage { Role = "user", Content = "still here" });
        await chat.UserPersona(Bystander, "tutor").SaveAsync(Json.Map("v", "1"));
        var memories = chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(Doomed));
        for (var i = 0; i <= MemoryGrain.SnapshotEvery; i++)
        {
            await memories.AddAsync(new NewMemory { Text = $"User {Doomed} remembers fact {i}" });
        }

        Assert.True(File.Exists(chat.PathOf($"users/{Doomed}/memory/changes.jsonl")));
        Assert.True(File.Exists(chat.PathOf($"users/{Doomed}/memory/memories.json")));
        Assert.NotEmpty(FilesMentioning(chat, Doomed));

        var report = await chat.User(Doomed).DeleteAsync();

        Assert.Equal((true, 3, 7L, 2, 1), (report.ProfileDeleted, report.Sessions, report.Messages, report.Documents, report.Personas));
        AssertUserGone(chat);
        Assert.Null(await chat.User(Doomed).GetProfileAsync());
        Assert.Empty(await chat.User(Doomed).ListSessionsAsync(null, 0, null));
        Assert.Empty(await chat.Catalog(Doomed).ListAsync());
        Assert.Null(await chat.UserPersona(Doomed, "tutor").GetAsync());
        Assert.Empty(await memories.ListAsync(new MemoryQuery { IncludeExpired = true }));

        // Deactivation at the stop must not write anything of the deleted user back.
        await chat.RestartAsync();
        AssertUserGone(chat);
        Assert.Null(await chat.User(Doomed).GetProfileAsync());
        Assert.Empty(await chat.User(Doomed).ListSessionsAsync(null, 0, null));
        Assert.Empty(await memories.ListAsync(new MemoryQuery()));
        Assert.Equal(["still here"], (await chat.Session(kept).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        Assert.Equal(1, (await chat.UserPersona(Bystander, "tutor").GetAsync())?.Version);
        Assert.Equal(["analyst", "critic"], (await chat.Catalog(null).ListAsync()).Select(p => p.Id));
        Assert.Equal(written.Panel.Id, (await chat.Panel(written.Panel.Id).GetAsync())?.Id);
    }

    private static void AssertUserGone(FlatfileChatCluster chat)
    {
        Assert.False(Directory.Exists(chat.PathOf("users/" + Doomed)), $"users/{Doomed} still exists");
        Assert.Empty(FilesMentioning(chat, Doomed));
        Assert.Contains(chat.ListFiles(), f => f.StartsWith($"users/{Bystander}/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Files and directories whose relative path holds <paramref name="text"/>, and files whose content holds it
    /// (UTF-8); the lock file is held open by the silo and holds only its pid, so its content is not read.
    /// </summary>
    private static List<string> FilesMentioning(FlatfileChatCluster chat, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFileSystemEntries(chat.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetRelativePath(chat.DataDirectory, path).Contains(text, StringComparison.Ordinal)
                || (File.Exists(path) && Path.GetFileName(path) != ".lock" && File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0))
            .ToList();
    }
}
