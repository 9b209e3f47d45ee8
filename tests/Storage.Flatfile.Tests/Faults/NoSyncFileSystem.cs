using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// The real file system without the real fsyncs: under <see cref="PowerLossFileSystem"/>, which decides what
/// survives from its own record of the syncs, they would only cost time.
/// </summary>
internal sealed class NoSyncFileSystem() : DelegatingFileSystem(FlatfileFileSystem.Instance)
{
    public static readonly NoSyncFileSystem Instance = new();

    public override void FlushToDisk(SafeFileHandle handle)
    {
    }

    public override void SyncDirectory(string directory)
    {
        if (!Inner.DirectoryExists(directory))
        {
            throw new DirectoryNotFoundException($"fsync of directory '{directory}' failed: No such file or directory (errno 2)");
        }
    }
}
