using ChatDb.Storage.Flatfile.Documents;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>Makes written bytes durable. A seam so tests can count or fail the fsync.</summary>
internal interface ILogFlusher
{
    void Flush(SafeFileHandle handle);

    /// <summary>Makes a new directory entry durable (fsync of the directory).</summary>
    void FlushDirectory(string directory);
}

internal sealed class DiskFlusher : ILogFlusher
{
    public static readonly DiskFlusher Instance = new();

    private DiskFlusher() { }

    public void Flush(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);

    public void FlushDirectory(string directory) => DirectorySync.Fsync(directory);
}
