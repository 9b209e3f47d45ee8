using System.Text.Json;
using ChatDb.Grains.Serialization;
using ChatDb.Storage.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// One record of a session's append-only edits log (<c>edits.jsonl</c>), naming the message it changes by
/// its sequence number. Messages are never rewritten for an edit or a delete: reads lay these records over
/// the message log. An <see cref="MessageEditKind.Edit"/> carries the message's new version whole (every
/// replacement field, not a diff), so a record is read on its own and a later field joins as one more
/// optional property (a reader of an older record sees it absent). <see cref="MessageEditKind.Delete"/> and
/// <see cref="MessageEditKind.Redact"/> carry no content.
/// </summary>
/// <param name="Kind">What the record does.</param>
/// <param name="TargetSeq">The message's sequence number.</param>
/// <param name="At">When, UTC.</param>
[Immutable]
[StorageJsonContract(typeof(ChatStorageJsonContext))]
public sealed record MessageEdit(MessageEditKind Kind, long TargetSeq, DateTimeOffset At)
{
    /// <summary>Who asked for it, when the caller said (e.g. the API key's name); null otherwise.</summary>
    public string? By { get; init; }

    /// <summary>The new content (edits only; null in deletions, redactions and once redacted).</summary>
    public string? Content { get; init; }

    /// <summary>The new metadata, whole (edits only; null in deletions, redactions and once redacted).</summary>
    public Dictionary<string, JsonElement>? Metadata { get; init; }
}
