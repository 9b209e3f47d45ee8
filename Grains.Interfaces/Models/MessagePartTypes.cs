namespace ChatDb.Grains.Models;

/// <summary>The values of <see cref="MessagePart.Type"/>; stored as written here.</summary>
public static class MessagePartTypes
{
    public const string Text = "text";
    public const string Document = "document";
    public const string Uri = "uri";
    public const string ToolCall = "tool_call";
    public const string ToolResult = "tool_result";

    public static IReadOnlyList<string> All { get; } = [Text, Document, Uri, ToolCall, ToolResult];
}
