using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// One part of a structured message (docs/STORAGE.md §3, "parts"), shaped after Microsoft.Extensions.AI's
/// <c>AIContent</c> kinds. <see cref="Type"/> says which fields it uses (<see cref="MessagePartTypes"/>):
/// <list type="bullet">
/// <item><c>text</c>: <see cref="Text"/>;</item>
/// <item><c>document</c>: <see cref="Document"/>, the filename of a document of the same session, and its <see cref="MediaType"/>;</item>
/// <item><c>uri</c>: <see cref="Uri"/>, an absolute URI outside ChatDb (an image URL), and its <see cref="MediaType"/>;</item>
/// <item><c>tool_call</c>: <see cref="CallId"/>, <see cref="Name"/> and <see cref="Arguments"/> (a JSON object);</item>
/// <item><c>tool_result</c>: <see cref="CallId"/> and <see cref="Result"/> (any JSON value).</item>
/// </list>
/// Fields a type does not use are left out of the JSON.
/// </summary>
[Immutable]
public sealed record MessagePart
{
    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Document { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Uri { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Arguments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Result { get; init; }

    public static MessagePart FromText(string text) => new() { Type = MessagePartTypes.Text, Text = text };

    public static MessagePart FromDocument(string filename, string? mediaType = null) =>
        new() { Type = MessagePartTypes.Document, Document = filename, MediaType = mediaType };

    public static MessagePart FromUri(string uri, string mediaType) => new() { Type = MessagePartTypes.Uri, Uri = uri, MediaType = mediaType };

    public static MessagePart ToolCall(string callId, string name, JsonElement arguments) =>
        new() { Type = MessagePartTypes.ToolCall, CallId = callId, Name = name, Arguments = arguments };

    public static MessagePart ToolResult(string callId, JsonElement result) =>
        new() { Type = MessagePartTypes.ToolResult, CallId = callId, Result = result };
}
