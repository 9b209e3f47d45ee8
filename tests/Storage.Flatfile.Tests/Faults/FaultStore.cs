using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Trash;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// A data directory opened as a silo opens it, with the three grain storage providers over it, all going
/// through one file system. Disposing closes the logs and releases the directory lock.
/// </summary>
internal sealed class FaultStore : IAsyncDisposable
{
    private FaultStore(FlatfileDataDirectory directory, FlatfileOpenLogs openLogs)
    {
        Directory = directory;
        OpenLogs = openLogs;
        var paths = new FlatfileGrainPaths(directory.Layout, directory.Options);
        State = new FlatfileGrainStorage("faults", paths, directory.AtomicFile);
        Logs = new FlatfileGrainLogStorage("faults", paths, openLogs, directory.AtomicFile);
        Files = new FlatfileGrainFileStorage("faults", paths, directory.AtomicFile, openLogs, directory.Options);

        // No background sync: a power-loss sweep needs one order of file operations per run.
        SessionRecords = new FlatfileJournaledSessionRecords(directory.Layout, directory.AtomicFile);
        Trash = new FlatfileTrash(directory.Layout, openLogs, directory.AtomicFile);
    }

    public FlatfileDataDirectory Directory { get; }

    public FlatfileOpenLogs OpenLogs { get; }

    public FlatfileGrainStorage State { get; }

    public FlatfileGrainLogStorage Logs { get; }

    public FlatfileGrainFileStorage Files { get; }

    /// <summary>Where the session grain writes a journaled create's <c>session.json</c>.</summary>
    public FlatfileJournaledSessionRecords SessionRecords { get; }

    public FlatfileTrash Trash { get; }

    public static FlatfileStorageOptions Options(string basePath, IFlatfileFileSystem fileSystem) =>
        new() { StorageBasePath = basePath, Durability = Durability.Fsync, FileSystem = fileSystem };

    public static FaultStore Open(string basePath, IFlatfileFileSystem fileSystem)
    {
        var directory = FlatfileDataDirectory.Open(Options(basePath, fileSystem));
        return new FaultStore(directory, new FlatfileOpenLogs(directory.Options));
    }

    /// <summary>verify of the closed directory, as <c>chatdb verify</c> runs it (structural schema).</summary>
    public static VerifyReport Verify(string basePath) =>
        new VerifyEngine(Options(basePath, FlatfileFileSystem.Instance), RecordSchema.Structural).Verify();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await OpenLogs.DisposeAsync();
        }
        finally
        {
            Directory.Dispose();
        }
    }
}
