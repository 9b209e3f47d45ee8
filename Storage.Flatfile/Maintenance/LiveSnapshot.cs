using System.Runtime.InteropServices;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Native;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// A point-in-time view of a live data directory, taken while the silo's writes are paused: every file is
/// hard-linked into <c>{base}/.snapshot-{hex}/</c> (same relative path) and the length of every file that
/// is appended in place (logs, kept-aside tails) is recorded. Afterwards the silo writes on: JSON documents
/// and uploaded files are replaced by rename, which gives the live path a new inode and leaves the linked
/// one as it was; logs grow on the same inode, so they are read only up to the recorded length. Taking it
/// costs one <c>link()</c> per file (a copy where the file system has no hard links); memory holds one
/// directory listing and one length per log.
/// </summary>
internal sealed class LiveSnapshot : IDisposable
{
    private const int LinkFailed = -1;

    private static readonly string IndexSuffix = LogIndexFile.PathFor(string.Empty);

    private readonly Dictionary<string, long> _appendedLengths = new(StringComparer.Ordinal);

    private LiveSnapshot(string directory) => Directory = directory;

    /// <summary>The snapshot's root (<see cref="StagingNames.SnapshotPrefix"/>); deleted by <see cref="Dispose"/>.</summary>
    public string Directory { get; }

    public long Files { get; private set; }

    /// <summary>Links every file of <paramref name="baseDirectory"/> except the lock, temp files, scratch
    /// directories, symbolic links and log offset indexes (rewritten in place; the log engine rebuilds them).</summary>
    public static LiveSnapshot Take(string baseDirectory, AtomicFile atomicFile)
    {
        var snapshot = new LiveSnapshot(Path.Join(baseDirectory, StagingNames.New(StagingNames.SnapshotPrefix)));
        try
        {
            System.IO.Directory.CreateDirectory(snapshot.Directory);
            snapshot.LinkTree(baseDirectory, snapshot.Directory, atomicFile, top: true);
            return snapshot;
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How many bytes of the snapshot's file at <paramref name="relativePath"/> belong to the snapshot: for a file
    /// appended in place, its length at the pause cut back to the last complete line (no append was in flight, so
    /// that only trims a torn tail left by an earlier crash); the prefix is immutable, so this is read after the pause.
    /// </summary>
    public long LengthOf(string relativePath, FileStream stream) =>
        _appendedLengths.TryGetValue(relativePath, out var length) ? LogLines.CompleteLength(stream, Math.Min(length, stream.Length)) : stream.Length;

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private void LinkTree(string source, string target, AtomicFile atomicFile, bool top)
    {
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null || atomicFile.IsTempFile(entry.Name) || entry.Name.EndsWith(IndexSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var to = Path.Join(target, entry.Name);
            if (entry is DirectoryInfo)
            {
                if (!(top && entry.Name.StartsWith('.')))
                {
                    System.IO.Directory.CreateDirectory(to);
                    LinkTree(entry.FullName, to, atomicFile, top: false);
                }
            }
            else if (!(top && DataDirectoryLock.IsLockFile(entry.Name)))
            {
                LinkOrCopy(entry.FullName, to);
                if (IsAppendedInPlace(entry.Name))
                {
                    _appendedLengths[Path.GetRelativePath(Directory, to).Replace('\\', '/')] = new FileInfo(to).Length;
                }

                Files++;
            }
        }
    }

    private static bool IsAppendedInPlace(string name) =>
        name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(LogTailQuarantine.PathFor(string.Empty), StringComparison.Ordinal);

    private static void LinkOrCopy(string from, string to)
    {
        if (LibC.Link(from, to) == LinkFailed)
        {
            // No hard links here (EXDEV, EPERM: a file system without them): a copy taken while writes are
            // paused is as good, only slower. Any other failure surfaces from the copy with its own message.
            _ = Marshal.GetLastPInvokeError();
            File.Copy(from, to);
        }
    }
}
