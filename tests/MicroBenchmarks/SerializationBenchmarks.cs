using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.MicroBenchmarks;

/// <summary>
/// A message through the source-generated JSON contract the grains use on the wire and in
/// messages.jsonl: one 200-character message each way.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private ChatMessage _message = null!;
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _message = new ChatMessage(
            "msg_0123456789abcdef0123456789abcdef", 42, "assistant", new string('x', 200),
            new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero), [], []);
        _json = JsonSerializer.SerializeToUtf8Bytes(_message, ChatDbJsonContext.Default.ChatMessage);
    }

    [Benchmark]
    public byte[] SerializeMessage() => JsonSerializer.SerializeToUtf8Bytes(_message, ChatDbJsonContext.Default.ChatMessage);

    [Benchmark]
    public ChatMessage? DeserializeMessage() => JsonSerializer.Deserialize(_json, ChatDbJsonContext.Default.ChatMessage);
}
