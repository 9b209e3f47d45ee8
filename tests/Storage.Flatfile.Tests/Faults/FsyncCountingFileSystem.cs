using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>Counts the fsyncs (of files and of directories) that reach the file system below.</summary>
internal sealed class FsyncCountingFileSystem(IFlatfileFileSystem inner) : DelegatingFileSystem(inner)
{
    private int _fsyncs;

    public int Fsyncs => Volatile.Read(ref _fsyncs);

    public override void FlushToDisk(SafeFileHandle handle)
    {
        Interlocked.Increment(ref _fsyncs);
        base.FlushToDisk(handle);
    }

    public override void SyncDirectory(string directory)
    {
        Interlocked.Increment(ref _fsyncs);
        base.SyncDirectory(directory);
    }
}
