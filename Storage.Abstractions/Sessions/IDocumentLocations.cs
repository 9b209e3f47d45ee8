namespace ChatDb.Storage.Sessions;

/// <summary>
/// Where a session's uploaded documents live in the documented layout, as far as the chat grains need to know:
/// which file names a document may not take (the storage keeps its own files beside the documents) and the
/// documented location reported with each document. The flatfile provider registers its configured names;
/// without it, <see cref="DocumentLocations.Default"/> (the documented defaults) applies.
/// </summary>
public interface IDocumentLocations
{
    /// <summary>Names no document may have (compared case-insensitively), e.g. <c>metadata.json</c>.</summary>
    IReadOnlyList<string> ReservedFilenames { get; }

    /// <summary>The documented location of a document, relative to the data directory, '/'-separated; informational.</summary>
    string RelativePath(string userId, string sessionId, string filename);
}
