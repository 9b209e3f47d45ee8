using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>Makes written bytes durable. A seam so tests can count or fail the fsync.</summary>
internal interface ILogFlusher
{
    void Flush(SafeFileHandle handle);
}

internal sealed class DiskFlusher : ILogFlusher
{
    public static readonly DiskFlusher Instance = new();

    private DiskFlusher() { }

    public void Flush(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);
}
