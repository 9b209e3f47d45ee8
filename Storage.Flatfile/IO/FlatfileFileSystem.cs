using System.Runtime.InteropServices;
using ChatDb.Storage.Flatfile.Native;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.IO;

/// <summary>The real file system: <see cref="RandomAccess"/>, <see cref="File"/>, <see cref="Directory"/> and libc.</summary>
public sealed class FlatfileFileSystem : IFlatfileFileSystem
{
    public static readonly FlatfileFileSystem Instance = new();

    private FlatfileFileSystem() { }

    public SafeFileHandle OpenHandle(string path, FileMode mode, FileAccess access, FileShare share) =>
        File.OpenHandle(path, mode, access, share);

    public int Read(SafeFileHandle handle, Span<byte> buffer, long fileOffset) => RandomAccess.Read(handle, buffer, fileOffset);

    public void Write(SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset) => RandomAccess.Write(handle, buffer, fileOffset);

    public ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset, CancellationToken cancellationToken) =>
        RandomAccess.WriteAsync(handle, buffer, fileOffset, cancellationToken);

    public long GetLength(SafeFileHandle handle) => RandomAccess.GetLength(handle);

    public void SetLength(SafeFileHandle handle, long length) => RandomAccess.SetLength(handle, length);

    public void FlushToDisk(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);

    public void Move(string source, string destination, bool overwrite) => File.Move(source, destination, overwrite);

    public void MoveDirectory(string source, string destination) => Directory.Move(source, destination);

    public void DeleteFile(string path) => File.Delete(path);

    public void DeleteDirectory(string path, bool recursive) => Directory.Delete(path, recursive);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <summary>
    /// <c>open(O_RDONLY|O_DIRECTORY)</c> + <c>fsync</c>; .NET has no API for it. Does nothing outside Linux
    /// (Windows persists renames with the file metadata; macOS would need F_FULLFSYNC, not supported here).
    /// </summary>
    public void SyncDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd;
        do
        {
            fd = LibC.Open(directory, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == LibC.EIntr);

        if (fd < 0)
        {
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            // Not retried: after a failed fsync a second success would prove nothing.
            if (LibC.Fsync(fd) != 0)
            {
                throw Failure("fsync", directory, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => File.ReadAllBytesAsync(path, cancellationToken);

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public DateTime GetLastWriteTimeUtc(string path) => File.GetLastWriteTimeUtc(path);

    public void SetLastWriteTimeUtc(string path, DateTime lastWriteTimeUtc) => File.SetLastWriteTimeUtc(path, lastWriteTimeUtc);

    private static IOException Failure(string call, string directory, int errno) =>
        new($"{call} of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
