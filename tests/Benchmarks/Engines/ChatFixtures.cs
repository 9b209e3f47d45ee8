using ChatDb.Grains;
using ChatDb.Grains.Models;
using Orleans;
using ChatDb.Storage.Keys;

namespace ChatDb.Benchmarks.Engines;

/// <summary>Sessions and messages made through the grains, as an application would make them.</summary>
public static class ChatFixtures
{
    /// <summary>
    /// Creates <paramref name="count"/> sessions, <paramref name="perUser"/> per user, users in parallel;
    /// returns the session grain keys.
    /// </summary>
    public static async Task<string[]> CreateSessionsAsync(IGrainFactory grains, string prefix, int count, int perUser = 1)
    {
        var users = (count + perUser - 1) / perUser;
        var keys = new string[count];
        await Parallel.ForAsync(0, users, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (user, _) =>
        {
            var userId = $"{prefix}_{user}";
            var grain = grains.GetGrain<IUserGrain>(userId);
            for (var i = user * perUser; i < Math.Min(count, (user + 1) * perUser); i++)
            {
                var session = await grain.CreateSessionAsync($"Benchmark chat {i}", null);
                keys[i] = ChatGrainKeys.Session(userId, session.Id);
            }
        });
        return keys;
    }

    public static NewMessage Message(int number) => new()
    {
        Role = number % 2 == 0 ? "user" : "assistant",
        Content = Scenarios.MessagePayload.Content(number),
    };

    /// <summary>Appends <paramref name="count"/> messages to each session, sessions in parallel.</summary>
    public static Task FillAsync(IGrainFactory grains, IReadOnlyList<string> sessionKeys, int count) =>
        Parallel.ForEachAsync(sessionKeys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, _) =>
        {
            var session = grains.GetGrain<ISessionGrain>(key);
            for (var i = 0; i < count; i++)
            {
                await session.AddMessageAsync(Message(i));
            }
        });
}
