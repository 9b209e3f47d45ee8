using ChatDb.Storage.Flatfile.IO;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// Settings of one <see cref="AppendLog"/>. The storage provider maps its <c>Durability</c> setting
/// onto <see cref="FsyncOnCommit"/>.
/// </summary>
public sealed record AppendLogOptions
{
    public const int DefaultIndexSpacing = 64;

    /// <summary>
    /// When true (the default) an append is acknowledged only after the line is on disk (fsync, shared
    /// by every append of the same group commit). When false the line is handed to the OS page cache
    /// and acknowledged at once: faster, but a machine crash can lose the last acknowledged appends.
    /// </summary>
    public bool FsyncOnCommit { get; init; } = true;

    /// <summary>
    /// Every <c>IndexSpacing</c>-th record (sequence 1, K+1, 2K+1, ...) gets an entry in the sparse
    /// offset index. A read scans at most K-1 records it does not return. Changing it rebuilds the
    /// index file of an existing log on its next open.
    /// </summary>
    public int IndexSpacing { get; init; } = DefaultIndexSpacing;

    /// <summary>Clock for the timestamps written into <c>{log}.corrupt</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The file operations of the log (open, write, fsync, truncate, side files); the real file system by default.</summary>
    public IFlatfileFileSystem FileSystem { get; init; } = FlatfileFileSystem.Instance;

    internal void Validate()
    {
        if (IndexSpacing is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(IndexSpacing), IndexSpacing, "AppendLogOptions.IndexSpacing must be between 1 and 1000000.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(FileSystem);
    }
}
