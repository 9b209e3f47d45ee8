using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Grains.Serialization;
using ChatDb.Storage.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// One message of a session or panel (docs/STORAGE.md §3), one line of <c>messages.jsonl</c>.
/// </summary>
/// <param name="Id">Unique message id.</param>
/// <param name="Seq">Position in the conversation, from 1, without gaps; assigned by the storage on append.</param>
/// <param name="Role">"user", "assistant", "system", or a persona id in panels.</param>
/// <param name="Content">The message text (with <see cref="Parts"/>: the text parts joined).</param>
/// <param name="Timestamp">When the message was written, UTC.</param>
/// <param name="Attachments">Names of documents of the session the message refers to.</param>
/// <param name="Metadata">Free-form data the application attaches; keys are kept as given.</param>
[Immutable]
[StorageJsonContract(typeof(ChatStorageJsonContext))]
public sealed record ChatMessage(
    string Id,
    long Seq,
    string Role,
    string Content,
    DateTimeOffset Timestamp,
    IReadOnlyList<string> Attachments,
    Dictionary<string, JsonElement> Metadata)
{
    /// <summary>The structured content (text, document and URI references, tool calls and results); null for a plain text message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MessagePart>? Parts { get; init; }

    /// <summary>
    /// The message's size in tokens of the configured encoding (<c>Tokens:Encoding</c>; the rule is in
    /// docs/API.md, "Token counts"), counted when it was appended. Lines stored without it are counted on read.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Tokens { get; init; }

    /// <summary>True when the message was edited after it was added (set by reads; never stored in <c>messages.jsonl</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Edited { get; init; }

    /// <summary>When the latest edit was made, UTC; null when never edited.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Every version, oldest first (the first is the message as added), when the read asked for history and the message was edited.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MessageVersion>? History { get; init; }
}
