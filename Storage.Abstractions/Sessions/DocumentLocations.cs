namespace ChatDb.Storage.Sessions;

/// <summary>
/// <c>{users}/{user_id}/{session_id}/{documents}/{filename}</c>, with the names the layout keeps beside the
/// documents reserved (docs/STORAGE.md §1).
/// </summary>
public sealed class DocumentLocations : IDocumentLocations
{
    private readonly string _usersDirectory;
    private readonly string _documentsDirectory;

    /// <param name="usersDirectory">The top-level directory of user data (<c>users</c>).</param>
    /// <param name="documentsDirectory">The documents directory inside a session (<c>documents</c>).</param>
    /// <param name="reservedFilenames">What the layout keeps beside the documents (<c>metadata.json</c>, <c>analysis</c>).</param>
    public DocumentLocations(string usersDirectory, string documentsDirectory, IReadOnlyList<string> reservedFilenames)
    {
        ArgumentException.ThrowIfNullOrEmpty(usersDirectory);
        ArgumentException.ThrowIfNullOrEmpty(documentsDirectory);
        ArgumentNullException.ThrowIfNull(reservedFilenames);
        _usersDirectory = usersDirectory;
        _documentsDirectory = documentsDirectory;
        ReservedFilenames = [.. reservedFilenames];
    }

    /// <summary>The documented layout with its default names.</summary>
    public static DocumentLocations Default { get; } = new("users", "documents", ["metadata.json", "analysis"]);

    public IReadOnlyList<string> ReservedFilenames { get; }

    public string RelativePath(string userId, string sessionId, string filename) =>
        string.Join('/', _usersDirectory, userId, sessionId, _documentsDirectory, filename);
}
