namespace ChatDb.Silo.Api.Http;

/// <summary>The largest body a route reads, and the setting it comes from (named in 413 messages).</summary>
internal readonly record struct BodyLimit(long Bytes, string Name);
