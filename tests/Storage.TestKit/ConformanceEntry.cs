namespace ChatDb.Storage.TestKit;

/// <summary>A log entry used by <see cref="GrainLogStorageConformanceTests"/>, shaped like a chat message.</summary>
public sealed record ConformanceEntry(int Number, string Text, IReadOnlyList<string>? Tags = null, ConformanceItem? Attachment = null);
