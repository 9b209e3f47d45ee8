using System.Text.Json;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>A chat message of typical size (~220 bytes of JSON), the same for both engines.</summary>
public static class MessagePayload
{
    public static byte[] Create(int number) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["role"] = number % 2 == 0 ? "user" : "assistant",
        ["content"] = $"Message {number}: the quick brown fox jumps over the lazy dog while the assistant explains group commit and fsync costs.",
        ["created_at"] = "2026-11-22T10:30:00.000000Z",
        ["tokens"] = 42,
    });
}
