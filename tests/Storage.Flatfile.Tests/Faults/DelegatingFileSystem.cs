using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>Forwards every operation to an inner file system; test layers override what they observe or break.</summary>
internal abstract class DelegatingFileSystem(IFlatfileFileSystem inner) : IFlatfileFileSystem
{
    protected IFlatfileFileSystem Inner { get; } = inner;

    public virtual SafeFileHandle OpenHandle(string path, FileMode mode, FileAccess access, FileShare share) => Inner.OpenHandle(path, mode, access, share);

    public virtual int Read(SafeFileHandle handle, Span<byte> buffer, long fileOffset) => Inner.Read(handle, buffer, fileOffset);

    public virtual void Write(SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset) => Inner.Write(handle, buffer, fileOffset);

    public virtual ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset, CancellationToken cancellationToken) =>
        Inner.WriteAsync(handle, buffer, fileOffset, cancellationToken);

    public virtual long GetLength(SafeFileHandle handle) => Inner.GetLength(handle);

    public virtual void SetLength(SafeFileHandle handle, long length) => Inner.SetLength(handle, length);

    public virtual void FlushToDisk(SafeFileHandle handle) => Inner.FlushToDisk(handle);

    public virtual void Move(string source, string destination, bool overwrite) => Inner.Move(source, destination, overwrite);

    public virtual void MoveDirectory(string source, string destination) => Inner.MoveDirectory(source, destination);

    public virtual void DeleteFile(string path) => Inner.DeleteFile(path);

    public virtual void DeleteDirectory(string path, bool recursive) => Inner.DeleteDirectory(path, recursive);

    public virtual void CreateDirectory(string path) => Inner.CreateDirectory(path);

    public virtual void SyncDirectory(string directory) => Inner.SyncDirectory(directory);

    public virtual bool FileExists(string path) => Inner.FileExists(path);

    public virtual bool DirectoryExists(string path) => Inner.DirectoryExists(path);

    public virtual Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => Inner.ReadAllBytesAsync(path, cancellationToken);

    public virtual byte[] ReadAllBytes(string path) => Inner.ReadAllBytes(path);

    public virtual DateTime GetLastWriteTimeUtc(string path) => Inner.GetLastWriteTimeUtc(path);

    public virtual void SetLastWriteTimeUtc(string path, DateTime lastWriteTimeUtc) => Inner.SetLastWriteTimeUtc(path, lastWriteTimeUtc);
}
