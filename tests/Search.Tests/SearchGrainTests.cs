using ChatDb.Grains.Models;
using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests;

public sealed class SearchGrainTests
{
    [Fact]
    public async Task MessagesAddedToSessions_AreFoundWithSessionMessageScoreAndSnippet()
    {
        await using var cluster = await SearchCluster.StartAsync();
        var (first, second) = await TwoSessionsAsync(cluster, "alice");

        var hits = await cluster.Search("alice").SearchAsync(new SearchQuery { Q = "postgres replication" });

        var hit = hits[0];
        Assert.Equal(first, hit.SessionId);
        Assert.Equal(1, hit.Message.Seq);
        Assert.Equal("user", hit.Message.Role);
        Assert.True(hit.Score > 0);
        Assert.Contains("[Postgres] [replication]", hit.Snippet, StringComparison.Ordinal);
        var fullText = await cluster.Search("alice").SearchAsync(new SearchQuery { Q = "postgres replication", Mode = SearchMode.FullText });
        Assert.Equal([(first, 1L)], fullText.Select(h => (h.SessionId, h.Message.Seq)));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Filters_ReachTheIndex_IncludingEntitiesFromTheSituationalContext()
    {
        await using var cluster = await SearchCluster.StartAsync();
        var (first, second) = await TwoSessionsAsync(cluster, "alice");
        await cluster.Session("alice", second).UpdateContextAsync(
            new SituationalContext("ops", [], new Dictionary<string, List<string>> { ["systems"] = ["PostgreSQL"] }, default, 0.9));

        var search = cluster.Search("alice");
        var bySession = await search.SearchAsync(new SearchQuery { Q = "postgres", SessionId = second, Mode = SearchMode.FullText });
        var byEntity = await search.SearchAsync(new SearchQuery { Q = "postgres", Entity = "postgresql" });
        var byRole = await search.SearchAsync(new SearchQuery { Q = "postgres", Role = "assistant", Mode = SearchMode.FullText });

        Assert.All(bySession, h => Assert.Equal(second, h.SessionId));
        Assert.NotEmpty(bySession);
        Assert.All(byEntity, h => Assert.Equal(second, h.SessionId));
        Assert.NotEmpty(byEntity);
        Assert.All(byRole, h => Assert.Equal("assistant", h.Message.Role));
        Assert.NotEmpty(byRole);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task AfterARestart_TheIndexIsReadFromItsFiles_AndAnswersTheSame()
    {
        await using var cluster = await SearchCluster.StartAsync();
        await TwoSessionsAsync(cluster, "alice");
        var query = new SearchQuery { Q = "postgres" };
        var before = await cluster.Search("alice").SearchAsync(query);

        await cluster.RestartAsync();

        var files = await cluster.FileStorage.ListAsync(SearchCluster.SearchGrainId("alice"), SearchGrain.IndexCollection);
        Assert.Equal([FullTextSegment.FileName, VectorSegment.FileName], files.Select(f => f.Name).Order(StringComparer.Ordinal));
        var after = await cluster.Search("alice").SearchAsync(query);
        Assert.Equal(Keys(before), Keys(after));
    }

    [Fact]
    public async Task CrashBeforeTheIndexWasWritten_LosesNothing_TheLogsFillTheIndex()
    {
        await using var cluster = await SearchCluster.StartAsync();
        var (first, _) = await TwoSessionsAsync(cluster, "alice");
        await cluster.Search("alice").RebuildAsync(); // writes the files
        await cluster.Session("alice", first).AddMessageAsync(new NewMessage { Role = "user", Content = "kafka consumer lag after the crash" });

        await cluster.CrashAndRestartAsync();

        var hits = await cluster.Search("alice").SearchAsync(new SearchQuery { Q = "kafka consumer", Mode = SearchMode.FullText });
        Assert.Equal((first, 3L), (hits.Single().SessionId, hits.Single().Message.Seq));
        Assert.True((await cluster.Search("alice").GetStatusAsync()).CheckedAgainstLogs);
    }

    [Fact]
    public async Task GarbledIndexFile_IsRebuiltFromTheLogs_WithTheSameResults()
    {
        await using var cluster = await SearchCluster.StartAsync();
        await TwoSessionsAsync(cluster, "alice");
        var query = new SearchQuery { Q = "postgres", Mode = SearchMode.FullText };
        var before = await cluster.Search("alice").SearchAsync(query);
        await cluster.RestartAsync();
        var id = SearchCluster.SearchGrainId("alice");
        var bytes = (await cluster.FileStorage.ReadAsync(id, SearchGrain.IndexCollection, FullTextSegment.FileName))!;
        bytes[bytes.Length / 2] ^= 0xFF;
        await cluster.FileStorage.WriteAsync(id, SearchGrain.IndexCollection, FullTextSegment.FileName, bytes);

        await cluster.RestartAsync();

        Assert.Equal(Keys(before), Keys(await cluster.Search("alice").SearchAsync(query)));
    }

    [Fact]
    public async Task DeletingASession_RemovesItsEntries_AndDeletingTheUserLeavesNoIndexFile()
    {
        await using var cluster = await SearchCluster.StartAsync();
        var (first, second) = await TwoSessionsAsync(cluster, "alice");
        var search = cluster.Search("alice");
        await search.RebuildAsync();

        await cluster.Session("alice", first).DeleteAsync();
        var afterSession = await search.SearchAsync(new SearchQuery { Q = "postgres" });
        await cluster.User("alice").DeleteAsync();

        Assert.All(afterSession, h => Assert.Equal(second, h.SessionId));
        Assert.Empty(await search.SearchAsync(new SearchQuery { Q = "postgres" }));
        Assert.Equal(0, (await search.GetStatusAsync()).Messages);
        Assert.Empty(await cluster.FileStorage.ListAsync(SearchCluster.SearchGrainId("alice"), SearchGrain.IndexCollection));
    }

    [Fact]
    public async Task Users_DoNotSeeEachOthersMessages()
    {
        await using var cluster = await SearchCluster.StartAsync();
        await TwoSessionsAsync(cluster, "alice");
        var bob = await cluster.User("bob").CreateSessionAsync("bob", null);
        await cluster.Session("bob", bob.Id).AddMessageAsync(new NewMessage { Role = "user", Content = "postgres for bob" });

        var hits = await cluster.Search("bob").SearchAsync(new SearchQuery { Q = "postgres" });

        Assert.Equal([bob.Id], hits.Select(h => h.SessionId).Distinct());
    }

    private static async Task<(string First, string Second)> TwoSessionsAsync(SearchCluster cluster, string userId)
    {
        var user = cluster.User(userId);
        var first = await user.CreateSessionAsync("db", null);
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await user.CreateSessionAsync("misc", null);
        var a = cluster.Session(userId, first.Id);
        var b = cluster.Session(userId, second.Id);
        await a.AddMessageAsync(new NewMessage { Role = "user", Content = "Postgres replication lag is growing on the replica" });
        await a.AddMessageAsync(new NewMessage { Role = "assistant", Content = "Check wal sender and network throughput" });
        await b.AddMessageAsync(new NewMessage { Role = "user", Content = "What is on the lunch menu" });
        await b.AddMessageAsync(new NewMessage { Role = "assistant", Content = "Postgres upgrade notes are in the wiki, lunch is pasta" });
        return (first.Id, second.Id);
    }

    private static List<(string, long, double)> Keys(IReadOnlyList<SearchHit> hits) => [.. hits.Select(h => (h.SessionId, h.Message.Seq, h.Score))];
}
