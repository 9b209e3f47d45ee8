using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>A stored document: its metadata and its bytes, read in one grain turn so they belong together.</summary>
/// <param name="Info">The document's entry of <c>documents/metadata.json</c>.</param>
/// <param name="Content">The document's bytes.</param>
[Immutable]
public sealed record DocumentContent(DocumentInfo Info, byte[] Content);
