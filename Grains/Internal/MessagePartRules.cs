using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Internal;

/// <summary>
/// Checks the parts of a structured message (<see cref="MessagePart"/>): a known type, the fields that type
/// needs, and none that it does not use (a field that would be dropped is refused instead).
/// </summary>
internal static class MessagePartRules
{
    /// <summary>More parts than this in one message is refused: no chat turn needs it, and it bounds the checks.</summary>
    public const int MaxParts = 1_000;

    public static void Validate(IReadOnlyList<MessagePart> parts, string subject)
    {
        if (parts.Count > MaxParts)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: a message has {parts.Count} parts; rule 'max-parts' allows at most {MaxParts}."));
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i] ?? throw new ValidationError($"{subject}: message part {i} is null.");
            var what = string.Create(CultureInfo.InvariantCulture, $"part {i} ({IdText.Escape(part.Type)})");
            switch (part.Type)
            {
                case MessagePartTypes.Text:
                    Need(part.Text is not null, what, "text", subject);
                    Only(part, what, subject, nameof(MessagePart.Text));
                    break;
                case MessagePartTypes.Document:
                    TextRules.Require(part.Document, what + " document", EntityIdValidator.MaxLength, subject);
                    OptionalMediaType(part, what, subject);
                    Only(part, what, subject, nameof(MessagePart.Document), nameof(MessagePart.MediaType));
                    break;
                case MessagePartTypes.Uri:
                    if (!System.Uri.TryCreate(part.Uri, UriKind.Absolute, out _))
                    {
                        throw new ValidationError($"{subject}: {what} uri {IdText.Escape(part.Uri)} is rejected by rule 'absolute-uri': it must be an absolute URI.");
                    }

                    TextRules.Require(part.MediaType, what + " mediaType", TextRules.MaxNameLength, subject);
                    Only(part, what, subject, nameof(MessagePart.Uri), nameof(MessagePart.MediaType));
                    break;
                case MessagePartTypes.ToolCall:
                    TextRules.Require(part.CallId, what + " callId", TextRules.MaxNameLength, subject);
                    TextRules.Require(part.Name, what + " name", TextRules.MaxNameLength, subject);
                    Need(part.Arguments is null or { ValueKind: JsonValueKind.Object }, what, "arguments as a JSON object", subject);
                    Only(part, what, subject, nameof(MessagePart.CallId), nameof(MessagePart.Name), nameof(MessagePart.Arguments));
                    break;
                case MessagePartTypes.ToolResult:
                    TextRules.Require(part.CallId, what + " callId", TextRules.MaxNameLength, subject);
                    Only(part, what, subject, nameof(MessagePart.CallId), nameof(MessagePart.Result));
                    break;
                default:
                    throw new ValidationError(
                        $"{subject}: message {what} is rejected by rule 'part-type': the type must be one of {string.Join(", ", MessagePartTypes.All)}.");
            }
        }
    }

    /// <summary>For conversations without documents (panels): a document part could never be resolved.</summary>
    public static void RefuseDocuments(IReadOnlyList<MessagePart>? parts, string subject)
    {
        if (parts is not null && parts.Any(part => part.Type == MessagePartTypes.Document))
        {
            throw new ValidationError($"{subject}: message parts of type 'document' are rejected by rule 'no-documents': it has no documents to refer to.");
        }
    }

    /// <summary>The text parts joined without separator, as Microsoft.Extensions.AI's <c>ChatMessage.Text</c>.</summary>
    public static string TextOf(IReadOnlyList<MessagePart> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Type == MessagePartTypes.Text)
            {
                text.Append(part.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>The parts as compact JSON, in bytes: they count towards <c>MaxMessageSizeBytes</c> like metadata does.</summary>
    public static long SizeInBytes(IReadOnlyList<MessagePart>? parts) =>
        parts is null || parts.Count == 0
            ? 0
            : JsonSerializer.SerializeToUtf8Bytes(parts, Serialization.ChatDbJsonContext.Default.IReadOnlyListMessagePart).LongLength;

    private static void OptionalMediaType(MessagePart part, string what, string subject)
    {
        if (part.MediaType is not null)
        {
            TextRules.Require(part.MediaType, what + " mediaType", TextRules.MaxNameLength, subject);
        }
    }

    private static void Need(bool condition, string what, string field, string subject)
    {
        if (!condition)
        {
            throw new ValidationError($"{subject}: message {what} is rejected by rule 'part-fields': it needs {field}.");
        }
    }

    private static void Only(MessagePart part, string what, string subject, params string[] allowed)
    {
        (string Name, bool Set)[] fields =
        [
            (nameof(MessagePart.Text), part.Text is not null),
            (nameof(MessagePart.Document), part.Document is not null),
            (nameof(MessagePart.Uri), part.Uri is not null),
            (nameof(MessagePart.MediaType), part.MediaType is not null),
            (nameof(MessagePart.CallId), part.CallId is not null),
            (nameof(MessagePart.Name), part.Name is not null),
            (nameof(MessagePart.Arguments), part.Arguments is not null),
            (nameof(MessagePart.Result), part.Result is not null),
        ];
        var extra = fields.Where(f => f.Set && !allowed.Contains(f.Name)).Select(f => JsonNamingPolicy.CamelCase.ConvertName(f.Name)).ToList();
        if (extra.Count > 0)
        {
            throw new ValidationError(
                $"{subject}: message {what} is rejected by rule 'part-fields': {string.Join(", ", extra)} do not belong to this type (it takes {string.Join(", ", allowed.Select(JsonNamingPolicy.CamelCase.ConvertName))}).");
        }
    }
}
