using Orleans;

namespace ChatDb.Grains.Search;

/// <summary>
/// What a user's search index holds: messages and sessions indexed, distinct terms, vectors and the
/// embedder that made them (null when vector search is off), and whether the index has been checked
/// against the session logs since the search grain activated.
/// </summary>
[Immutable]
public sealed record SearchIndexStatus(
    string UserId,
    long Messages,
    int Sessions,
    int Terms,
    long Vectors,
    string? Embedder,
    bool CheckedAgainstLogs);
