using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Search.Tests;

/// <summary>Searches of one user run side by side, and changes to the index made meanwhile never reach a running one.</summary>
public sealed class ConcurrentSearchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string[] Words =
    [
        "postgres", "replication", "replica", "lagging", "kafka", "consumer", "offset", "broker", "redis", "cache",
        "eviction", "memory", "kubernetes", "pod", "crash", "restart", "deploy", "rollback", "latency", "throughput",
    ];

    private static readonly string[] Queries =
    [
        "postgres replication", "kafka consumer", "redis", "kubernetes crash", "deploy rollback", "\"replica lagging\"",
        "memory eviction cache", "latency", "broker offset", "pod restart",
    ];

    [Fact]
    public async Task ASecondSearch_CompletesWhileTheFirstIsStillInFlight()
    {
        using var embedder = new GatedEmbeddingGenerator();
        await using var cluster = await SearchCluster.StartAsync(
            silo => silo.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embedder));
        await FillAsync(cluster, "alice", sessions: 3, messagesPerSession: 20);
        var search = cluster.Search("alice");
        var serial = await search.SearchAsync(new SearchQuery { Q = "postgres replication" });
        var blockedQuery = new SearchQuery { Q = "postgres replication " + GatedEmbeddingGenerator.Trigger };

        var first = search.SearchAsync(blockedQuery);
        IReadOnlyList<SearchHit> second;
        try
        {
            await Within(embedder.Blocked, "the first search to wait in the embedder");
            second = await Within(search.SearchAsync(new SearchQuery { Q = "postgres replication" }), "a second search while the first waits");
            Assert.False(first.IsCompleted, "the first search finished while its embedding was still held");
        }
        finally
        {
            embedder.Open();
        }

        var firstHits = await Within(first, "the first search once its embedding was let go");
        Assert.NotEmpty(serial);
        Assert.Equal(Keys(serial), Keys(second));
        Assert.NotEmpty(firstHits);
        Assert.Equal(Keys(await search.SearchAsync(blockedQuery)), Keys(firstHits));
    }

    [Fact]
    public async Task SearchesRunAllAtOnce_AnswerAsTheSameSearchesOneAtATime()
    {
        await using var cluster = await SearchCluster.StartAsync();
        await FillAsync(cluster, "alice", sessions: 5, messagesPerSession: 40);
        var search = cluster.Search("alice");
        var queries = Queries
            .SelectMany(q => new[] { SearchMode.Hybrid, SearchMode.FullText, SearchMode.Vector }.Select(mode => new SearchQuery { Q = q, Mode = mode, Limit = 10 }))
            .ToList();
        var serial = new List<List<(string, long, double)>>();
        foreach (var query in queries)
        {
            serial.Add(Keys(await search.SearchAsync(query)));
        }

        var together = await Within(
            Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => queries).Select(search.SearchAsync)), "every search run at once");

        Assert.Contains(serial, hits => hits.Count > 0);
        for (var i = 0; i < together.Length; i++)
        {
            Assert.Equal(serial[i % queries.Count], Keys(together[i]));
        }
    }

    [Fact]
    public async Task MessagesAddedDuringSearches_NeverBreakOne_AndAreFoundAfterwards()
    {
        await using var cluster = await SearchCluster.StartAsync();
        var sessions = await FillAsync(cluster, "alice", sessions: 4, messagesPerSession: 30);
        var search = cluster.Search("alice");
        await search.SearchAsync(new SearchQuery { Q = "postgres" }); // the first search checks the logs; later ones only read

        var searches = Enumerable.Range(0, 120)
            .Select(i => search.SearchAsync(new SearchQuery { Q = Queries[i % Queries.Length], Mode = i % 2 == 0 ? SearchMode.Hybrid : SearchMode.FullText }))
            .ToList();
        var writes = sessions.Select(async (sessionId, s) =>
        {
            for (var i = 0; i < 10; i++)
            {
                await cluster.Session("alice", sessionId).AddMessageAsync(new NewMessage { Role = "user", Content = $"zeppelin postgres note {s} {i}" });
            }
        });
        await Within(Task.WhenAll(writes), "the messages added while the searches run");
        var results = await Within(Task.WhenAll(searches), "the searches run while messages were added");

        foreach (var hit in results.SelectMany(hits => hits))
        {
            var stored = await cluster.Session("alice", hit.SessionId).GetMessagesAsync(new MessageQuery { AfterSeq = hit.Message.Seq - 1, Limit = 1 });
            Assert.Equal(stored.Single().Content, hit.Message.Content);
        }

        var added = await search.SearchAsync(new SearchQuery { Q = "zeppelin", Mode = SearchMode.FullText, Limit = 100 });
        Assert.Equal(sessions.Count * 10, added.Count);
        var hybrid = await search.SearchAsync(new SearchQuery { Q = "zeppelin postgres note", Limit = 50 });
        await search.RebuildAsync();
        Assert.Equal(Keys(await search.SearchAsync(new SearchQuery { Q = "zeppelin postgres note", Limit = 50 })), Keys(hybrid));
    }

    /// <summary>Sessions of the user with messages made of <see cref="Words"/> in a fixed pattern; returns the session ids.</summary>
    private static async Task<List<string>> FillAsync(SearchCluster cluster, string userId, int sessions, int messagesPerSession)
    {
        var ids = new List<string>();
        for (var s = 0; s < sessions; s++)
        {
            var session = await cluster.User(userId).CreateSessionAsync($"chat {s}", null);
            cluster.Clock.Advance(TimeSpan.FromSeconds(1));
            var messages = Enumerable.Range(0, messagesPerSession)
                .Select(m => new NewMessage
                {
                    Role = m % 2 == 0 ? "user" : "assistant",
                    Content = string.Join(' ', Enumerable.Range(0, 6).Select(w => Words[((s * 31) + (m * 7) + (w * w * 3)) % Words.Length])),
                })
                .ToList();
            await cluster.Session(userId, session.Id).AddMessagesAsync(messages);
            ids.Add(session.Id);
        }

        return ids;
    }

    private static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Patience);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.", e);
        }
    }

    private static async Task<T> Within<T>(Task<T> task, string what)
    {
        await Within((Task)task, what);
        return await task;
    }

    private static List<(string, long, double)> Keys(IReadOnlyList<SearchHit> hits) => [.. hits.Select(h => (h.SessionId, h.Message.Seq, h.Score))];
}
