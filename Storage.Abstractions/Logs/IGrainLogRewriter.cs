using Orleans.Runtime;

namespace ChatDb.Storage.Logs;

/// <summary>
/// What a log storage offers for erasing data (GDPR redaction): replaces stored entries while every sequence
/// number stays where it is, and makes sure the replaced values leave the storage for good, including the
/// copies the storage keeps on the side (kept-aside torn tails, compressed archives). The one writer of the
/// log (the owning activation) calls it inside its own turn, so no append races it. A storage that cannot
/// rewrite does not implement it, and redaction then fails with a <see cref="ConfigurationError"/>.
/// </summary>
public interface IGrainLogRewriter
{
    /// <summary>
    /// Replaces entry <c>seq</c> by <c>replacements[seq]</c> for each key. Afterwards no file of the log holds
    /// any of the texts in <paramref name="erase"/> (compared as UTF-8, also in their JSON-escaped form). All or
    /// nothing as far as the log's entries go: a crash leaves either the old or the new log, never a mix.
    /// NotFoundError when a sequence number is past the end of the log.
    /// </summary>
    Task RewriteAsync<T>(
        string logName,
        GrainId grainId,
        IReadOnlyDictionary<long, T> replacements,
        IReadOnlyCollection<string> erase,
        CancellationToken cancellationToken = default);
}
