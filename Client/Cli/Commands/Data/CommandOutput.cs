using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary>Prints a result as indented JSON (<c>--json</c>) or as the command's human-readable lines.</summary>
internal sealed class CommandOutput(TextWriter writer, bool json)
{
    private static readonly JsonSerializerOptions Indented = new(ChatDbJsonContext.Default.Options)
    {
        WriteIndented = true,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ChatDbJsonContext.Default, AgentJsonContext.Default, MemoryJsonContext.Default,
            KnowledgeJsonContext.Default),
    };

    public TextWriter Writer => writer;

    public bool IsJson => json;

    public async Task WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo, Func<T, IEnumerable<string>> lines)
    {
        if (json)
        {
            var indented = (JsonTypeInfo<T>)Indented.GetTypeInfo(typeInfo.Type);
            await writer.WriteLineAsync(JsonSerializer.Serialize(value, indented)).ConfigureAwait(false);
            return;
        }

        foreach (var line in lines(value))
        {
            await writer.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>One item of a stream as one line: compact JSON with <c>--json</c> (one object a line), else <paramref name="line"/>.</summary>
    public async Task WriteStreamedAsync<T>(T value, JsonTypeInfo<T> typeInfo, string line)
    {
        await writer.WriteLineAsync(json ? JsonSerializer.Serialize(value, typeInfo) : line).ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>A confirmation line, or <c>{"result": message}</c> with <c>--json</c>.</summary>
    public Task WriteDoneAsync(string message) =>
        writer.WriteLineAsync(json ? JsonSerializer.Serialize(new Dictionary<string, string> { ["result"] = message }) : message);
}
