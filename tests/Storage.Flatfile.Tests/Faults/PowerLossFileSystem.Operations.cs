using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

// The mirrored operations: each runs on the real directory first, then updates the model.
internal sealed partial class PowerLossFileSystem
{
    public override SafeFileHandle OpenHandle(string path, FileMode mode, FileAccess access, FileShare share)
    {
        Tick("open", path);
        var handle = Inner.OpenHandle(path, mode, access, share);
        lock (_gate)
        {
            var (parent, name) = Parent(path);
            if (!parent.Current.TryGetValue(name, out var entry) || entry is not Inode inode)
            {
                inode = new Inode([]);
                parent.Current[name] = inode;
            }
            else if (mode is FileMode.Create or FileMode.Truncate)
            {
                inode.Current.Clear();
            }

            _handles[handle] = inode;
        }

        return handle;
    }

    public override int Read(SafeFileHandle handle, Span<byte> buffer, long fileOffset)
    {
        ThrowIfCrashed("read", "(handle)");
        return Inner.Read(handle, buffer, fileOffset);
    }

    public override void Write(SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset)
    {
        Tick("write", "(handle)");
        Inner.Write(handle, buffer, fileOffset);
        Mirror(handle, buffer, fileOffset);
    }

    public override async ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset, CancellationToken cancellationToken)
    {
        Tick("write", "(handle)");
        await Inner.WriteAsync(handle, buffer, fileOffset, cancellationToken).ConfigureAwait(false);
        Mirror(handle, buffer.Span, fileOffset);
    }

    public override void SetLength(SafeFileHandle handle, long length)
    {
        Tick("truncate", "(handle)");
        Inner.SetLength(handle, length);
        lock (_gate)
        {
            var inode = _handles[handle];
            Resize(inode.Current, length);
            inode.Lost.RemoveAll(range => range.Start >= length);
        }
    }

    public override void FlushToDisk(SafeFileHandle handle)
    {
        Tick("fsync", "(handle)");
        try
        {
            Inner.FlushToDisk(handle);
        }
        catch (IOException)
        {
            lock (_gate)
            {
                // Linux marks the pages clean after a failed writeback: this range is not on disk and a
                // later fsync will not put it there.
                var inode = _handles[handle];
                inode.Lost.Add((CommonPrefix(inode.Durable, inode.Current), inode.Current.Count));
            }

            throw;
        }

        lock (_gate)
        {
            var inode = _handles[handle];
            inode.Durable = OnDisk(inode);
        }
    }

    public override void Move(string source, string destination, bool overwrite)
    {
        Tick("rename", destination);
        Inner.Move(source, destination, overwrite);
        lock (_gate)
        {
            var (from, fromName) = Parent(source);
            var (to, toName) = Parent(destination);
            to.Current[toName] = from.Current[fromName];
            from.Current.Remove(fromName);
        }
    }

    /// <summary>A directory rename moves its node, with everything below it, like a file's rename moves its inode.</summary>
    public override void MoveDirectory(string source, string destination)
    {
        Tick("rename dir", destination);
        Inner.MoveDirectory(source, destination);
        lock (_gate)
        {
            var (from, fromName) = Parent(source);
            var (to, toName) = Parent(destination);
            to.Current[toName] = from.Current[fromName];
            from.Current.Remove(fromName);
        }
    }

    public override void DeleteFile(string path)
    {
        Tick("unlink", path);
        Inner.DeleteFile(path);
        lock (_gate)
        {
            var (parent, name) = Parent(path);
            parent.Current.Remove(name);
        }
    }

    public override void DeleteDirectory(string path, bool recursive)
    {
        Tick(recursive ? "rm -r" : "rmdir", path);
        Inner.DeleteDirectory(path, recursive);
        lock (_gate)
        {
            var (parent, name) = Parent(path);
            parent.Current.Remove(name);
        }
    }

    public override void CreateDirectory(string path)
    {
        Tick("mkdir -p", path);
        Inner.CreateDirectory(path);
        lock (_gate)
        {
            var node = _rootNode;
            foreach (var name in Components(path))
            {
                if (!node.Current.TryGetValue(name, out var child))
                {
                    child = new DirNode();
                    node.Current[name] = child;
                }

                node = (DirNode)child;
            }
        }
    }

    public override void SyncDirectory(string directory)
    {
        Tick("fsync dir", directory);
        Inner.SyncDirectory(directory);
        lock (_gate)
        {
            var node = Find(directory);
            node.Durable = new Dictionary<string, object>(node.Current, StringComparer.Ordinal);
        }
    }

    public override bool FileExists(string path)
    {
        ThrowIfCrashed("stat", path);
        return Inner.FileExists(path);
    }

    public override bool DirectoryExists(string path)
    {
        ThrowIfCrashed("stat", path);
        return Inner.DirectoryExists(path);
    }

    public override Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        ThrowIfCrashed("read", path);
        return Inner.ReadAllBytesAsync(path, cancellationToken);
    }

    public override byte[] ReadAllBytes(string path)
    {
        ThrowIfCrashed("read", path);
        return Inner.ReadAllBytes(path);
    }

    public override void SetLastWriteTimeUtc(string path, DateTime lastWriteTimeUtc)
    {
        Tick("utimes", path);
        Inner.SetLastWriteTimeUtc(path, lastWriteTimeUtc);
    }

    private void Tick(string operation, string path)
    {
        lock (_gate)
        {
            if (!_crashed && ++_operations == _crashAt)
            {
                _crashed = true;
            }

            if (_crashed)
            {
                throw new SimulatedPowerLossException(operation, path);
            }
        }
    }

    private void ThrowIfCrashed(string operation, string path)
    {
        lock (_gate)
        {
            if (_crashed)
            {
                throw new SimulatedPowerLossException(operation, path);
            }
        }
    }

    private void Mirror(SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset)
    {
        lock (_gate)
        {
            var inode = _handles[handle];
            var end = fileOffset + buffer.Length;
            if (inode.Current.Count < end)
            {
                Resize(inode.Current, end);
            }

            for (var i = 0; i < buffer.Length; i++)
            {
                inode.Current[(int)fileOffset + i] = buffer[i];
            }

            inode.Lost.RemoveAll(range => range.Start >= fileOffset && range.End <= end);
        }
    }

    private static void Resize(List<byte> bytes, long length)
    {
        if (bytes.Count > length)
        {
            bytes.RemoveRange((int)length, bytes.Count - (int)length);
        }
        else
        {
            bytes.AddRange(new byte[length - bytes.Count]);
        }
    }

    private static int CommonPrefix(byte[] durable, List<byte> current)
    {
        var length = Math.Min(durable.Length, current.Count);
        for (var i = 0; i < length; i++)
        {
            if (durable[i] != current[i])
            {
                return i;
            }
        }

        return length;
    }

    /// <summary>What the disk holds of the file's current bytes: lost ranges keep the old bytes (zeros past them).</summary>
    private static byte[] OnDisk(Inode inode)
    {
        var bytes = inode.Current.ToArray();
        foreach (var (start, end) in inode.Lost)
        {
            for (var i = start; i < Math.Min(end, bytes.Length); i++)
            {
                bytes[i] = i < inode.Durable.Length ? inode.Durable[i] : (byte)0;
            }
        }

        return bytes;
    }

    private IEnumerable<string> Components(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (full == _root)
        {
            return [];
        }

        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{full}' is outside the simulated disk '{_root}'.");
        }

        return full[(_root.Length + 1)..].Split(Path.DirectorySeparatorChar);
    }

    private DirNode Find(string directory)
    {
        var node = _rootNode;
        foreach (var name in Components(directory))
        {
            node = (DirNode)node.Current[name];
        }

        return node;
    }

    private (DirNode Parent, string Name) Parent(string path)
    {
        var full = Path.GetFullPath(path);
        return (Find(Path.GetDirectoryName(full)!), Path.GetFileName(full));
    }
}
