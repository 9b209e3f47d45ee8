namespace ChatDb.Storage.Logs;

/// <summary>One record of an append-only grain log and its 1-based sequence number.</summary>
public readonly record struct LogEntry<T>(long Sequence, T Value);
