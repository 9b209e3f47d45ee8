namespace ChatDb.Storage.Logs;

/// <summary>When an append to a log is acknowledged.</summary>
public enum LogDurability
{
    /// <summary>Once the entries are on stable storage, as the provider's durability setting says (fsync by default).</summary>
    Durable,

    /// <summary>
    /// Once the entries are handed to the operating system, without forcing them to disk. They become durable with the
    /// next durable append to the same log (one file: its fsync covers what was written before it) or when the system
    /// writes them back. A crash can lose a suffix of deferred entries, never one that comes before a durable entry.
    /// Only for entries a reader rebuilds after such a loss, such as a message event that names a message the message
    /// log holds durably (docs/STORAGE.md, events.jsonl).
    /// </summary>
    Deferred,
}
