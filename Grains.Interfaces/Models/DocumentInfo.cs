using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Metadata of an uploaded document (docs/STORAGE.md §3); the entries of a session's
/// <c>documents/metadata.json</c>.
/// </summary>
/// <param name="Filename">The stored file name in the session's documents directory.</param>
/// <param name="Path">Storage path relative to the data directory, with '/' separators.</param>
/// <param name="MimeType">Content type.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="UploadedAt">Upload time, UTC.</param>
/// <param name="Analysis">Analysis results.</param>
[Immutable]
public sealed record DocumentInfo(
    string Filename,
    string Path,
    string MimeType,
    long Size,
    DateTimeOffset UploadedAt,
    Dictionary<string, JsonElement> Analysis);
