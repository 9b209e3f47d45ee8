using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Search.Tests;

/// <summary>Builds messages for tests: fixed clock, seq given, role defaults to "user".</summary>
internal static class Messages
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static ChatMessage Message(long seq, string content, string role = "user", DateTimeOffset? timestamp = null) =>
        new($"m{seq}", seq, role, content, timestamp ?? Epoch.AddMinutes(seq), [], new Dictionary<string, JsonElement>());

    /// <summary>Adds the texts to the index as messages 1..n of <paramref name="sessionId"/>.</summary>
    public static void AddAll(this ChatDb.Grains.Search.FullTextIndex index, string sessionId, params string[] texts)
    {
        var seq = index.HighWaterMark(sessionId);
        foreach (var text in texts)
        {
            index.Add(sessionId, Message(++seq, text));
        }
    }
}
