using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>How a simulated power loss treats what was not made durable.</summary>
internal enum PowerLossMode
{
    /// <summary>Everything not fsynced is gone: files hold their last synced bytes, directories their last synced entries.</summary>
    Drop,

    /// <summary>
    /// What was not fsynced may have reached the disk in part: each file keeps its synced bytes plus a random
    /// prefix of the rest, or garbage (zeros) in its place; each directory keeps either its synced entries or
    /// its current ones (the kernel may have written the directory on its own).
    /// </summary>
    Tear,
}

/// <summary>
/// A power-loss simulator over a real directory tree. It mirrors what the engine writes and remembers what was
/// made durable: a file's bytes as of its last successful <see cref="FlushToDisk"/>, a directory's entries
/// (creates, renames, deletes) as of its last successful <see cref="SyncDirectory"/>. A failed fsync is
/// modelled as Linux behaves: the dirty range is dropped from writeback, so it never becomes durable unless it
/// is written again. <see cref="CrashAt"/> makes the Nth mutating operation (1-based) the moment the power goes:
/// that operation and every later one throw <see cref="SimulatedPowerLossException"/>. <see cref="Recover"/>
/// then rewrites the tree to what a disk could hold after the loss.
/// </summary>
internal sealed partial class PowerLossFileSystem : DelegatingFileSystem
{
    private readonly Lock _gate = new();
    private readonly string _root;
    private readonly DirNode _rootNode;
    private readonly Dictionary<SafeFileHandle, Inode> _handles = [];
    private int _operations;
    private int _crashAt;
    private bool _crashed;

    public PowerLossFileSystem(string root, IFlatfileFileSystem inner)
        : base(inner)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Directory.CreateDirectory(_root);
        _rootNode = Adopt(_root);
    }

    /// <summary>Mutating operations seen so far (the crash points of a workload).</summary>
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

    public bool Crashed
    {
        get
        {
            lock (_gate)
            {
                return _crashed;
            }
        }
    }

    /// <summary>The power goes at mutating operation <paramref name="operation"/> (1-based), before it runs.</summary>
    public void CrashAt(int operation)
    {
        lock (_gate)
        {
            _crashAt = operation;
        }
    }

    /// <summary>The power goes now (between two operations).</summary>
    public void CrashNow()
    {
        lock (_gate)
        {
            _crashed = true;
        }
    }

    private sealed class Inode(byte[] durable)
    {
        public List<byte> Current { get; } = [.. durable];

        public byte[] Durable { get; set; } = durable;

        /// <summary>Ranges whose writeback failed: they reach the disk only if written again.</summary>
        public List<(long Start, long End)> Lost { get; } = [];
    }

    /// <summary>A directory: its entries now and as of its last successful sync (name to <see cref="Inode"/> or <see cref="DirNode"/>).</summary>
    private sealed class DirNode
    {
        public Dictionary<string, object> Current { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, object> Durable { get; set; } = new(StringComparer.Ordinal);
    }
}

/// <summary>Thrown by every operation from the crash point on: the machine is off.</summary>
internal sealed class SimulatedPowerLossException(string operation, string path)
    : IOException($"simulated power loss: {operation} of '{path}' never ran");
