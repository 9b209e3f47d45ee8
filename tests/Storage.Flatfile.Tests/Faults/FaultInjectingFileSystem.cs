using System.Collections.Concurrent;
using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// Counts the operations that reach it and fails the Nth (1-based, counted from <see cref="Arm"/>) with an
/// <see cref="InjectedIOException"/> carrying the errno, once or, when persistent, that one and every later
/// operation until <see cref="Clear"/> (a disk gone read-only or full). Existence checks and lengths are not
/// counted: they are metadata reads the engine cannot act on.
/// </summary>
internal sealed class FaultInjectingFileSystem(IFlatfileFileSystem inner) : DelegatingFileSystem(inner)
{
    private readonly ConcurrentDictionary<SafeFileHandle, string> _paths = new();
    private readonly Lock _gate = new();
    private int _operations;
    private int _failAt;
    private bool _persistent;
    private InjectedFault _fault;
    private int _injected;
    private InjectedIOException? _first;

    /// <summary>Operations counted since the last <see cref="Arm"/>.</summary>
    public int Operations
    {
        get
        {
            lock (_gate)
            {
                return _operations;
            }
        }
    }

    /// <summary>Faults thrown since the last <see cref="Arm"/>.</summary>
    public int Injected
    {
        get
        {
            lock (_gate)
            {
                return _injected;
            }
        }
    }

    /// <summary>The first fault thrown since the last <see cref="Arm"/>, if any.</summary>
    public InjectedIOException? FirstFault
    {
        get
        {
            lock (_gate)
            {
                return _first;
            }
        }
    }

    public void Arm(int failAt, InjectedFault fault, bool persistent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failAt, 1);
        lock (_gate)
        {
            _operations = 0;
            _failAt = failAt;
            _fault = fault;
            _persistent = persistent;
            _injected = 0;
            _first = null;
        }
    }

    /// <summary>Stops failing (the disk was repaired); counting goes on.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _failAt = 0;
        }
    }

    public override SafeFileHandle OpenHandle(string path, FileMode mode, FileAccess access, FileShare share)
    {
        Check(FileOperation.Open, path);
        var handle = base.OpenHandle(path, mode, access, share);
        _paths[handle] = path;
        return handle;
    }

    public override int Read(SafeFileHandle handle, Span<byte> buffer, long fileOffset)
    {
        Check(FileOperation.Read, PathOf(handle));
        return base.Read(handle, buffer, fileOffset);
    }

    public override void Write(SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset)
    {
        Check(FileOperation.Write, PathOf(handle));
        base.Write(handle, buffer, fileOffset);
    }

    public override ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset, CancellationToken cancellationToken)
    {
        Check(FileOperation.Write, PathOf(handle));
        return base.WriteAsync(handle, buffer, fileOffset, cancellationToken);
    }

    public override void SetLength(SafeFileHandle handle, long length)
    {
        Check(FileOperation.SetLength, PathOf(handle));
        base.SetLength(handle, length);
    }

    public override void FlushToDisk(SafeFileHandle handle)
    {
        Check(FileOperation.FlushToDisk, PathOf(handle));
        base.FlushToDisk(handle);
    }

    public override void Move(string source, string destination, bool overwrite)
    {
        Check(FileOperation.Move, destination);
        base.Move(source, destination, overwrite);
    }

    public override void MoveDirectory(string source, string destination)
    {
        Check(FileOperation.Move, destination);
        base.MoveDirectory(source, destination);
    }

    public override void DeleteFile(string path)
    {
        Check(FileOperation.DeleteFile, path);
        base.DeleteFile(path);
    }

    public override void DeleteDirectory(string path, bool recursive)
    {
        Check(FileOperation.DeleteDirectory, path);
        base.DeleteDirectory(path, recursive);
    }

    public override void CreateDirectory(string path)
    {
        Check(FileOperation.CreateDirectory, path);
        base.CreateDirectory(path);
    }

    public override void SyncDirectory(string directory)
    {
        Check(FileOperation.SyncDirectory, directory);
        base.SyncDirectory(directory);
    }

    public override Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        Check(FileOperation.ReadAll, path);
        return base.ReadAllBytesAsync(path, cancellationToken);
    }

    public override byte[] ReadAllBytes(string path)
    {
        Check(FileOperation.ReadAll, path);
        return base.ReadAllBytes(path);
    }

    public override void SetLastWriteTimeUtc(string path, DateTime lastWriteTimeUtc)
    {
        Check(FileOperation.SetWriteTime, path);
        base.SetLastWriteTimeUtc(path, lastWriteTimeUtc);
    }

    private string PathOf(SafeFileHandle handle) => _paths.TryGetValue(handle, out var path) ? path : "(unknown handle)";

    private void Check(FileOperation operation, string path)
    {
        InjectedIOException? fault = null;
        lock (_gate)
        {
            var index = ++_operations;
            if (_failAt > 0 && (index == _failAt || (_persistent && index > _failAt)))
            {
                fault = new InjectedIOException(_fault, operation, path, index);
                _injected++;
                _first ??= fault;
            }
        }

        if (fault is not null)
        {
            throw fault;
        }
    }
}
