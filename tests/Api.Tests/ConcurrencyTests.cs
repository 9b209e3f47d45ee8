using System.Collections.Concurrent;
using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(ApiServer server)
{
    [Fact]
    public async Task TwoHundredConcurrentWriters_OverTwentySessions_GiveEachSessionGaplessSeqs()
    {
        const int Sessions = 20;
        const int Writers = 200;
        const int MessagesPerWriter = 3;
        var userId = ApiCalls.NewUserId();
        var sessions = new List<ChatSession>();
        for (var i = 0; i < Sessions; i++)
        {
            sessions.Add(await server.Http.CreateSessionAsync(userId, $"s{i}"));
        }

        var acknowledged = new ConcurrentBag<(string SessionId, long Seq)>();
        using var start = new SemaphoreSlim(0);
        var writers = Enumerable.Range(0, Writers).Select(async writer =>
        {
            var session = sessions[writer % Sessions];
            await start.WaitAsync();
            for (var m = 0; m < MessagesPerWriter; m++)
            {
                var added = await server.Http.AddMessageAsync(session, $"writer {writer} message {m}");
                acknowledged.Add((session.Id, added.Seq));
            }
        }).ToList();
        start.Release(Writers);
        await Task.WhenAll(writers);

        const int PerSession = Writers / Sessions * MessagesPerWriter;
        foreach (var session in sessions)
        {
            var stored = await (await server.Http.GetAsync(ApiCalls.PathOf(session) + "/messages?limit=1000")).ReadAsync<List<ChatMessage>>();
            Assert.Equal(Enumerable.Range(1, PerSession).Select(i => (long)i), stored.Select(m => m.Seq));
            var acked = acknowledged.Where(a => a.SessionId == session.Id).Select(a => a.Seq).Order();
            Assert.Equal(Enumerable.Range(1, PerSession).Select(i => (long)i), acked);
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);
    }
}
