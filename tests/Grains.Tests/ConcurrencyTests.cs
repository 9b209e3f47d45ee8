using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class ConcurrencyTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task TwoHundredConcurrentAdders_OverTwentySessions_GiveEachSessionSeqsOneToNWithoutGaps()
    {
        var chat = _chat;
        var prefix = Json.NewUserId();
        var sessions = new List<ChatSession>();
        for (var u = 0; u < 4; u++)
        {
            for (var s = 0; s < 5; s++)
            {
                sessions.Add(await chat.User($"{prefix}-{u}").CreateSessionAsync($"s{s}", null));
            }
        }

        const int AddsPerAdder = 10;
        var adders = Enumerable.Range(0, 200).Select(adder => Task.Run(async () =>
        {
            var session = chat.Session(sessions[adder % sessions.Count]);
            var seqs = new List<long>();
            for (var i = 0; i < AddsPerAdder; i++)
            {
                seqs.Add((await session.AddMessageAsync(new NewMessage { Role = "user", Content = $"{adder}:{i}" })).Seq);
            }

            return (Session: sessions[adder % sessions.Count], Seqs: seqs);
        }));
        var results = await Task.WhenAll(adders);

        foreach (var group in results.GroupBy(r => r.Session.Id + r.Session.UserId))
        {
            var session = group.First().Session;
            var expected = group.Count() * AddsPerAdder;
            Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), group.SelectMany(r => r.Seqs).Order());
            var stored = await chat.Session(session).GetMessagesAsync(new MessageQuery { Limit = expected + 1 });
            Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), stored.Select(m => m.Seq));
            Assert.Equal(expected, stored.Select(m => m.Content).Distinct(StringComparer.Ordinal).Count());
        }
    }
}
