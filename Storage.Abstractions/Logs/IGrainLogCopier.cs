using Orleans.Runtime;

namespace ChatDb.Storage.Logs;

/// <summary>
/// What a log storage offers for copying a log (a session fork): the first entries of one log as stored
/// bytes, with chosen entries replaced, appended to another, empty log of the same storage without parsing
/// or serialising the rest. A storage that cannot copy does not implement it; the copy then fails with a
/// <see cref="ConfigurationError"/>.
/// </summary>
public interface IGrainLogCopier
{
    /// <summary>
    /// Entries 1..<paramref name="count"/> of the log as stored, except that entry <c>seq</c> is
    /// <c>replacements[seq]</c> for each key (serialised as an append would). The one writer of the log calls it
    /// inside its own turn, so no append races it. NotFoundError when the log holds fewer entries.
    /// </summary>
    Task<LogImage> ExportAsync<T>(
        string logName,
        GrainId grainId,
        long count,
        IReadOnlyDictionary<long, T> replacements,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends the entries of <paramref name="image"/> (made by <see cref="ExportAsync{T}"/> of this storage) as
    /// one group, once durable; the expected count is checked as for any append. Returns the new count.
    /// </summary>
    Task<long> AppendImageAsync(
        string logName,
        GrainId grainId,
        LogImage image,
        long expectedCount,
        CancellationToken cancellationToken = default);
}
