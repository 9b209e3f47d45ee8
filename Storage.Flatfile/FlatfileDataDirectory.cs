using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile;

/// <summary>
/// An opened data directory: validated options, the directory lock held, temp files of interrupted
/// writes and live-backup snapshots removed, a restore interrupted in its final swap finished, and the layout and document store ready. Open one per process and dispose it at
/// shutdown (which releases the lock).
/// </summary>
public sealed class FlatfileDataDirectory : IDisposable
{
    private FlatfileDataDirectory(
        FlatfileStorageOptions options,
        DataDirectoryLock directoryLock,
        FlatfileLayout layout,
        AtomicFile atomicFile,
        JsonDocumentStore documents,
        int removedTempFiles,
        int format)
    {
        Options = options;
        Lock = directoryLock;
        Layout = layout;
        AtomicFile = atomicFile;
        Documents = documents;
        RemovedTempFiles = removedTempFiles;
        Format = format;
    }

    public FlatfileStorageOptions Options { get; }

    public DataDirectoryLock Lock { get; }

    public FlatfileLayout Layout { get; }

    public AtomicFile AtomicFile { get; }

    public JsonDocumentStore Documents { get; }

    /// <summary>How many leftover temp files the open removed (non-zero after a crash mid-write).</summary>
    public int RemovedTempFiles { get; }

    private int _disposed;

    /// <summary>The directory's on-disk format (<see cref="DataFormat"/>).</summary>
    public int Format { get; }

    /// <summary>
    /// Validates <paramref name="options"/>, locks the data directory, removes leftover temp files, checks
    /// the on-disk format (<see cref="DataFormat"/>). Without <paramref name="clusterId"/> the process holds the
    /// directory alone; with it, it shares the directory with the other silos of that cluster
    /// (<see cref="DataDirectoryLock.AcquireShared"/>) and the first of them cleans up after a crash.
    /// </summary>
    /// <exception cref="ConfigurationError">Invalid options, the directory is in use, or it is of a newer format.</exception>
    public static FlatfileDataDirectory Open(FlatfileStorageOptions options, string? clusterId = null)
    {
        FlatfileStorageOptionsValidator.EnsureValid(options);
        var layout = new FlatfileLayout(options);
        var directoryLock = clusterId is null
            ? DataDirectoryLock.Acquire(layout.BaseDirectory)
            : DataDirectoryLock.AcquireShared(layout.BaseDirectory, clusterId, holdStartGate: true);
        try
        {
            var atomicFile = new AtomicFile(options);
            var removed = 0;
            // Temp files and snapshots of silos already running are in use, not leftovers.
            if (directoryLock.First)
            {
                RemoveSnapshots(layout.BaseDirectory);
                RestoreSwap.RecoverPending(layout.BaseDirectory, options.Durability == Durability.Fsync);
                removed = atomicFile.CleanupTempFiles(layout.BaseDirectory, recursive: true);
            }

            var documents = new JsonDocumentStore(atomicFile);
            var format = DataFormat.Open(layout, atomicFile, documents);
            if (directoryLock.First)
            {
                // Creates a crash lost are rebuilt from the users' session journals before any grain lists a session.
                SessionJournalRecovery.RecoverAll(layout, atomicFile);
            }

            directoryLock.EndStart();
            return new FlatfileDataDirectory(options, directoryLock, layout, atomicFile, documents, removed, format);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Releases the directory. The last silo of a shared directory to close it also removes the temp files of
    /// interrupted writes: only the first silo to open a directory removes them, so those of a silo killed while
    /// others ran would otherwise stay until every silo had stopped and one started again. The start gate keeps a silo
    /// from joining while it looks; if the sweep fails, the next first opener removes them.
    /// </summary>
    public void Dispose()
    {
        // Disposed twice in a silo: by the storage lifecycle when it stops, then by the service container.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Lock.Fences is { } fences && Lock.IsShared)
        {
            try
            {
                using (fences.EnterGate())
                {
                    if (!fences.OtherSilosPresent())
                    {
                        AtomicFile.CleanupTempFiles(Layout.BaseDirectory, recursive: true);
                    }
                }
            }
            catch (Exception e) when (e is StorageError or IOException or UnauthorizedAccessException)
            {
                // Leftover temp files are harmless: the targets they were meant to replace are intact.
            }
        }

        Lock.Dispose();
    }

    /// <summary>A live backup's snapshot left by a crash holds only hard links: nothing to keep.</summary>
    private static void RemoveSnapshots(string baseDirectory)
    {
        foreach (var snapshot in Directory.EnumerateDirectories(baseDirectory, StagingNames.SnapshotPrefix + "*"))
        {
            Directory.Delete(snapshot, recursive: true);
        }
    }
}
