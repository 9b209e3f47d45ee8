using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.IO;

/// <summary>
/// Every file operation the storage engine performs that can change what is on disk or that recovery reads:
/// open, positional read and write, length, flush-to-disk, rename, delete, directory create and fsync.
/// <see cref="FlatfileFileSystem.Instance"/> is the real one; tests wrap it to inject faults or to simulate a
/// power loss. Implementations must report failures as <see cref="IOException"/> (or
/// <see cref="UnauthorizedAccessException"/>) as the real calls do, and must not retry a failed
/// <see cref="FlushToDisk"/> or <see cref="SyncDirectory"/>: after a failed fsync the kernel may have dropped
/// the dirty pages, so a later success would prove nothing.
/// </summary>
public interface IFlatfileFileSystem
{
    /// <summary>Opens a file as <see cref="File.OpenHandle"/> does (no buffering, positional I/O only).</summary>
    SafeFileHandle OpenHandle(string path, FileMode mode, FileAccess access, FileShare share);

    /// <summary>Reads at <paramref name="fileOffset"/>; returns the bytes read, 0 at the end of the file.</summary>
    int Read(SafeFileHandle handle, Span<byte> buffer, long fileOffset);

    /// <summary>Writes all of <paramref name="buffer"/> at <paramref name="fileOffset"/> (to the OS, not yet durable).</summary>
    void Write(SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset);

    /// <summary>Writes all of <paramref name="buffer"/> at <paramref name="fileOffset"/> (to the OS, not yet durable).</summary>
    ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset, CancellationToken cancellationToken);

    long GetLength(SafeFileHandle handle);

    /// <summary>Truncates or extends the file (not yet durable).</summary>
    void SetLength(SafeFileHandle handle, long length);

    /// <summary>fsync: the file's bytes and size are on stable storage when this returns.</summary>
    void FlushToDisk(SafeFileHandle handle);

    /// <summary>Renames a file (atomic on POSIX); durable only after <see cref="SyncDirectory"/> of its directory.</summary>
    void Move(string source, string destination, bool overwrite);

    /// <summary>
    /// Renames a directory with everything below it (one <c>rename(2)</c>, atomic on POSIX within one file system);
    /// fails when <paramref name="destination"/> exists. Durable only after <see cref="SyncDirectory"/> of both parents.
    /// </summary>
    void MoveDirectory(string source, string destination);

    /// <summary>Removes a file; durable only after <see cref="SyncDirectory"/> of its directory.</summary>
    void DeleteFile(string path);

    /// <summary>
    /// Removes a directory (with <paramref name="recursive"/> everything below it, else only when it is empty);
    /// durable only after <see cref="SyncDirectory"/> of its parent.
    /// </summary>
    void DeleteDirectory(string path, bool recursive);

    /// <summary>Creates a directory and its missing parents; each new entry is durable only after its parent is synced.</summary>
    void CreateDirectory(string path);

    /// <summary>fsync of a directory: the entries created, renamed or removed in it are on stable storage.</summary>
    void SyncDirectory(string directory);

    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>The whole file; <see cref="FileNotFoundException"/> or <see cref="DirectoryNotFoundException"/> when absent.</summary>
    Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken);

    /// <summary>The whole file; <see cref="FileNotFoundException"/> or <see cref="DirectoryNotFoundException"/> when absent.</summary>
    byte[] ReadAllBytes(string path);

    DateTime GetLastWriteTimeUtc(string path);

    void SetLastWriteTimeUtc(string path, DateTime lastWriteTimeUtc);
}
