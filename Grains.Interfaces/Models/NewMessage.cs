using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>A message to add to a session or panel; the grain assigns <c>seq</c> (and the id when none is given).</summary>
[Immutable]
public sealed record NewMessage
{
    /// <summary>"user", "assistant", "system", or a persona id in panels.</summary>
    public required string Role { get; init; }

    /// <summary>
    /// The message text. With <see cref="Parts"/> it may be left out: it becomes the text parts joined (as
    /// Microsoft.Extensions.AI's <c>ChatMessage.Text</c>); when given, it must equal them.
    /// </summary>
    public string? Content { get; init; }

    /// <summary>Structured content (see <see cref="MessagePart"/>); null for a plain text message.</summary>
    public IReadOnlyList<MessagePart>? Parts { get; init; }

    /// <summary>
    /// Client-chosen message id. When set, adding is idempotent: a retried add with the same id returns
    /// the stored message and writes nothing. Ids of the form the grain generates (<c>msg_</c> + 32 hex
    /// digits) are reserved.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>Names of documents of the session the message refers to.</summary>
    public IReadOnlyList<string>? Attachments { get; init; }

    public Dictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>When the message was written; the silo's clock when null. Stored in UTC with microseconds.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
