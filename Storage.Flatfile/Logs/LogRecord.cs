namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// One record read back from an <see cref="AppendLog"/>: its sequence number and the whole stored
/// line (<c>{"seq":N,...}</c>, without the newline), ready for the caller's own deserializer.
/// </summary>
public readonly record struct LogRecord(long Sequence, ReadOnlyMemory<byte> Json);
