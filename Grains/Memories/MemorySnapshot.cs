using ChatDb.Grains.Models;

namespace ChatDb.Grains.Memories;

/// <summary>
/// The compacted state of a user's memories (<c>users/{u}/memory/memories.json</c>): every live memory, oldest first,
/// and how many records of the change log it covers; the activation replays the records after them.
/// </summary>
public sealed class MemorySnapshot
{
    /// <summary>The change log's count when the snapshot was taken.</summary>
    public long LogCount { get; set; }

    public List<Memory> Memories { get; set; } = [];
}
