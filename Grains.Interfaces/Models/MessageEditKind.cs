using System.Text.Json.Serialization;

namespace ChatDb.Grains.Models;

/// <summary>What a record of a session's edits log does to its target message (docs/STORAGE.md §1, <c>edits.jsonl</c>).</summary>
public enum MessageEditKind
{
    /// <summary>A new version of the message: the record carries the replacement fields.</summary>
    [JsonStringEnumMemberName("edit")]
    Edit,

    /// <summary>The message is no longer returned by reads; its seq stays taken.</summary>
    [JsonStringEnumMemberName("delete")]
    Delete,

    /// <summary>The message's content and metadata were erased from the disk (GDPR); the record itself is content-free and is the audit trail.</summary>
    [JsonStringEnumMemberName("redact")]
    Redact,
}
