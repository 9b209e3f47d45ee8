namespace ChatDb.Grains.Search;

/// <summary>What the index knows of one session (or panel): its documents in sequence order, the
/// highest sequence number indexed, and the folded entity names used by the entity filter.</summary>
internal sealed class IndexedSession(string id, int ordinal)
{
    public string Id { get; } = id;

    public int Ordinal { get; } = ordinal;

    public long HighWaterMark { get; set; }

    public List<int> Documents { get; } = [];

    public HashSet<string> Entities { get; } = new(StringComparer.Ordinal);
}
