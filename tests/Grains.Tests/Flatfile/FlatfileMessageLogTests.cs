using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>What the session message logs look like on disk, read straight from <c>messages.jsonl</c>.</summary>
public sealed class FlatfileMessageLogTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AddWithClientId_RetriedAfterASiloRestart_ReturnsTheStoredMessage_AndWritesNoSecondLine(bool kill)
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("u1").CreateSessionAsync("retry", null);
        var request = new NewMessage { Id = "client-42", Role = "user", Content = "only once" };
        var first = await chat.Session(session).AddMessageAsync(request);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "assistant", Content = "reply" });

        if (kill)
        {
            await chat.CrashAndStartAsync();
        }
        else
        {
            await chat.RestartAsync();
        }

        chat.Clock.Advance(TimeSpan.FromMinutes(1));
        var retried = await chat.Session(session).AddMessageAsync(request with { Content = "changed on retry" });

        Assert.Equal((first.Id, first.Seq, first.Content, first.Timestamp), (retried.Id, retried.Seq, retried.Content, retried.Timestamp));
        Assert.Equal(1L, retried.Seq);
        var lines = ReadLog(chat.PathOf($"users/u1/{session.Id}/messages.jsonl"));
        Assert.Equal([1L, 2], lines.Select(l => l.Seq));
        Assert.Single(lines, l => l.Id == "client-42");
        Assert.Equal(2, await chat.Session(session).CountMessagesAsync());
    }

    [Fact]
    public async Task ColdSession_ReadsThePagesItIsAskedFor_ThenAppendsAfterTheLastMessage()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("u1").CreateSessionAsync("long", null);
        for (var i = 1; i <= 300; i++)
        {
            await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = $"message {i}" });
        }

        await chat.RestartAsync();
        var newest = await chat.Session(session).GetMessagesAsync(new MessageQuery { Limit = 100, Latest = true });
        var oldest = await chat.Session(session).GetMessagesAsync(new MessageQuery { Limit = 10 });
        chat.Clock.Advance(TimeSpan.FromMinutes(1));
        var added = await chat.Session(session).AddMessageAsync(new NewMessage { Role = "assistant", Content = "after the restart" });
        var tail = await chat.Session(session).GetMessagesAsync(new MessageQuery { Limit = 150, Latest = true });

        Assert.Equal(Enumerable.Range(201, 100).Select(i => (long)i), newest.Select(m => m.Seq));
        Assert.Equal("message 300", newest[^1].Content);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), oldest.Select(m => m.Seq));
        Assert.Equal(301L, added.Seq);
        Assert.Equal(Enumerable.Range(152, 150).Select(i => (long)i), tail.Select(m => m.Seq));
        Assert.Equal(added.Timestamp, (await chat.Session(session).GetAsync()).UpdatedAt);
    }

    [Fact]
    public async Task TwoHundredConcurrentAdders_OverTwentySessions_LeaveEachMessagesJsonlNumberedOneToNWithoutGapsOrDuplicates()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var sessions = new List<ChatSession>();
        for (var u = 0; u < 4; u++)
        {
            for (var s = 0; s < 5; s++)
            {
                sessions.Add(await chat.User($"user{u}").CreateSessionAsync($"s{s}", null));
            }
        }

        const int Adders = 200;
        const int AddsPerAdder = 10;
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, Adders).Select(adder => Task.Run(async () =>
        {
            var session = sessions[adder % sessions.Count];
            var added = new List<ChatMessage>();
            for (var i = 0; i < AddsPerAdder; i++)
            {
                // Every other add carries a client id, so the idempotency map is built and used under load too.
                added.Add(await chat.Session(session).AddMessageAsync(new NewMessage
                {
                    Role = "user",
                    Content = $"{adder}:{i}",
                    Id = i % 2 == 0 ? $"a{adder}-{i}" : null,
                }));
            }

            return (Session: session, Added: added);
        })));

        foreach (var session in sessions)
        {
            var acked = acknowledged.Where(a => a.Session == session).SelectMany(a => a.Added).ToList();
            var expected = Adders / sessions.Count * AddsPerAdder;
            var lines = ReadLog(chat.PathOf($"users/{session.UserId}/{session.Id}/messages.jsonl"));

            Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), lines.Select(l => l.Seq));
            Assert.Equal(expected, lines.Select(l => l.Content).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(acked.OrderBy(m => m.Seq).Select(m => (m.Seq, m.Id, m.Content)), lines.Select(l => (l.Seq, l.Id, l.Content)));
            Assert.Equal(expected, await chat.Session(session).CountMessagesAsync());
        }
    }

    /// <summary>Parses every line of a log file; a torn or unparseable line fails the test.</summary>
    private static List<LogLine> ReadLog(string path)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n').Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return new LogLine(root.GetProperty("seq").GetInt64(), root.GetProperty("id").GetString()!, root.GetProperty("content").GetString()!);
        }).ToList();
    }

    private sealed record LogLine(long Seq, string Id, string Content);
}
