using System.Text.Json;
using ChatDb.Grains.Models;
using Microsoft.Extensions.AI;
using AI = Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents;

/// <summary>Stored messages as Microsoft.Extensions.AI messages and back (text, tool calls and tool results).</summary>
internal static class AgentMessageConversions
{
    public const string ToolRole = "tool";

    public static AI.ChatMessage ToAI(Models.ChatMessage message) => ToAI(message, null);

    /// <summary>
    /// <paramref name="message"/> for the model; <paramref name="document"/> gives the content of a document part (an image,
    /// or a text placeholder for it), and a part it gives none for stays out.
    /// </summary>
    public static AI.ChatMessage ToAI(Models.ChatMessage message, Func<MessagePart, AIContent?>? document)
    {
        var role = message.Role switch
        {
            "assistant" => ChatRole.Assistant,
            "system" => ChatRole.System,
            ToolRole => ChatRole.Tool,
            _ => ChatRole.User,
        };
        if (message.Parts is not { Count: > 0 } parts)
        {
            return new AI.ChatMessage(role, message.Content);
        }

        var contents = new List<AIContent>();
        foreach (var part in parts)
        {
            switch (part.Type)
            {
                case MessagePartTypes.Text:
                    contents.Add(new TextContent(part.Text));
                    break;
                case MessagePartTypes.ToolCall:
                    contents.Add(new FunctionCallContent(part.CallId ?? string.Empty, part.Name ?? string.Empty, Arguments(part.Arguments)));
                    break;
                case MessagePartTypes.ToolResult:
                    contents.Add(new FunctionResultContent(part.CallId ?? string.Empty, part.Result));
                    break;
                case MessagePartTypes.Document when document?.Invoke(part) is { } content:
                    contents.Add(content);
                    break;
                default:
                    // Other documents and URIs stay out of the prompt: the run resolves only media documents (docs/MULTIMODAL.md).
                    break;
            }
        }

        return new AI.ChatMessage(role, contents);
    }

    /// <summary>A function call as a stored part; its arguments as a JSON object.</summary>
    public static MessagePart ToPart(FunctionCallContent call) =>
        MessagePart.ToolCall(call.CallId, call.Name, JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions));

    public static JsonElement ToJson(object? value) =>
        value is JsonElement element ? element : JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions);

    private static Dictionary<string, object?> Arguments(JsonElement? arguments)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (arguments is { ValueKind: JsonValueKind.Object } json)
        {
            foreach (var property in json.EnumerateObject())
            {
                result[property.Name] = property.Value.Clone();
            }
        }

        return result;
    }
}
