namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>A message as a relational peer reads it back: the same fields ChatDb returns.</summary>
public sealed record StoredMessage(string Id, long Seq, string Role, string Content, string Timestamp, string Metadata);
