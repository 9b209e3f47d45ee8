using System.Text.Json;
using ChatDb.Grains.Models;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatMessage = ChatDb.Grains.Models.ChatMessage;

namespace ChatDb.Client;

/// <summary>
/// Stored messages to and from Microsoft.Extensions.AI's <see cref="AIChatMessage"/>, so an <c>IChatClient</c>
/// app keeps its history in ChatDb. Parts map one to one: <c>text</c> ↔ <see cref="TextContent"/>,
/// <c>uri</c> ↔ <see cref="UriContent"/>, <c>document</c> ↔ <see cref="UriContent"/> with a
/// <c>chatdb-document:FILENAME</c> URI, <c>tool_call</c> ↔ <see cref="FunctionCallContent"/>,
/// <c>tool_result</c> ↔ <see cref="FunctionResultContent"/>. Role, id, timestamp and metadata
/// (<see cref="AIChatMessage.AdditionalProperties"/>) go along. Inline bytes (<see cref="DataContent"/>) are
/// refused: save them as a session document first and refer to it.
/// </summary>
public static class ChatMessageConversions
{
    /// <summary>The URI scheme of a reference to a document of the message's own session.</summary>
    public const string DocumentUriScheme = "chatdb-document";

    private const string UnknownMediaType = "application/octet-stream";

    /// <summary>The stored message as Microsoft.Extensions.AI sees it; a plain message is one <see cref="TextContent"/>.</summary>
    public static AIChatMessage ToAIChatMessage(this ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        List<AIContent> contents = message.Parts is { } parts ? [.. parts.Select(ToContent)] : [new TextContent(message.Content)];
        return new AIChatMessage(new ChatRole(message.Role), contents)
        {
            MessageId = message.Id,
            CreatedAt = message.Timestamp,
            AdditionalProperties = message.Metadata.Count == 0
                ? null
                : new AdditionalPropertiesDictionary(message.Metadata.ToDictionary(pair => pair.Key, pair => (object?)pair.Value, StringComparer.Ordinal)),
        };
    }

    /// <summary>
    /// A message to add from a Microsoft.Extensions.AI message: plain text when it has at most one
    /// <see cref="TextContent"/> and nothing else, parts otherwise (the content is then their text).
    /// </summary>
    public static NewMessage FromAIChatMessage(this AIChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Contents.Select(FromContent).ToList();
        var plain = parts.Count <= 1 && parts.All(part => part.Type == MessagePartTypes.Text);
        return new NewMessage
        {
            Role = message.Role.Value,
            Content = plain ? message.Text : null,
            Parts = plain ? null : parts,
            Id = message.MessageId,
            Timestamp = message.CreatedAt,
            Metadata = message.AdditionalProperties is { Count: > 0 } properties
                ? properties.ToDictionary(pair => pair.Key, pair => ToJson(pair.Value), StringComparer.Ordinal)
                : null,
        };
    }

    /// <summary>The filename a <c>chatdb-document:</c> URI refers to; null for any other URI.</summary>
    public static string? DocumentOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && uri.Scheme == DocumentUriScheme ? Uri.UnescapeDataString(uri.AbsolutePath) : null;
    }

    public static Uri DocumentUri(string filename) => new($"{DocumentUriScheme}:{Uri.EscapeDataString(filename)}");

    private static AIContent ToContent(MessagePart part) => part.Type switch
    {
        MessagePartTypes.Text => new TextContent(part.Text),
        MessagePartTypes.Document => new UriContent(DocumentUri(part.Document!), part.MediaType ?? UnknownMediaType),
        MessagePartTypes.Uri => new UriContent(new Uri(part.Uri!), part.MediaType ?? UnknownMediaType),
        MessagePartTypes.ToolCall => new FunctionCallContent(part.CallId!, part.Name!, Arguments(part.Arguments)),
        MessagePartTypes.ToolResult => new FunctionResultContent(part.CallId!, part.Result),
        _ => throw new NotSupportedException($"Message part type '{part.Type}' has no Microsoft.Extensions.AI content."),
    };

    private static MessagePart FromContent(AIContent content) => content switch
    {
        TextContent text => MessagePart.FromText(text.Text),
        UriContent uri when DocumentOf(uri.Uri) is { } filename => MessagePart.FromDocument(filename, uri.MediaType),
        UriContent uri => MessagePart.FromUri(uri.Uri.AbsoluteUri, uri.MediaType),
        FunctionCallContent call => new MessagePart
        {
            Type = MessagePartTypes.ToolCall,
            CallId = call.CallId,
            Name = call.Name,
            Arguments = call.Arguments is null ? null : ToJson(call.Arguments),
        },
        FunctionResultContent result => new MessagePart
        {
            Type = MessagePartTypes.ToolResult,
            CallId = result.CallId,
            Result = result.Result is null ? null : ToJson(result.Result),
        },
        DataContent => throw new NotSupportedException(
            $"Inline data ({nameof(DataContent)}) is not stored in messages: save it as a session document and refer to it with a UriContent '{DocumentUriScheme}:FILENAME'."),
        _ => throw new NotSupportedException($"{content.GetType().Name} has no ChatDb message part."),
    };

    private static Dictionary<string, object?>? Arguments(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.Object } json
            ? json.EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value.Clone(), StringComparer.Ordinal)
            : null;

    private static JsonElement ToJson(object? value) =>
        value is JsonElement json ? json : JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions);
}
