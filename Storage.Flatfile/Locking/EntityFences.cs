using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ChatDb.Storage.Flatfile.Native;

namespace ChatDb.Storage.Flatfile.Locking;

/// <summary>
/// Who owns which entity in a data directory shared by several silos: the files <c>{base}/.fences</c> and
/// <c>{base}/.fences.1</c> … <c>.fences.255</c> (<see cref="Shards"/>), opened once per silo, hold one exclusive
/// one-byte lock (<see cref="OfdRangeLocks"/>) per active entity, in the shard and at the offset given by a 62-bit
/// hash of the entity's key. Holding a fence costs no file descriptor of its own and one system call to take and one
/// to release; the kernel releases every fence of a silo when its process dies. The kernel keeps one list of locks
/// per file and walks it on every lock and unlock, so the fences are spread over 256 files: at 100,000 active
/// entities about 400 per file (docs/CLUSTER.md has the measured cost). Byte 0 of <c>.fences</c> is the start
/// gate (<see cref="EnterGate"/>) that serialises silos checking the data directory's cluster id; every silo holds a
/// shared lock on byte 1, so a silo can tell whether it is alone (<see cref="OtherSilosPresent"/>).
/// <para>
/// Two keys with the same hash share a fence. Within one silo that is counted (<c>_holders</c>), so releasing one
/// never drops the other; across silos it refuses an activation that did not need refusing until the other entity
/// deactivates. With n entities active in the cluster the chance that a given activation meets such a collision is
/// n / 2^70 (8 bits of shard, 62 of offset): under 10^-15 at a million active entities.
/// </para>
/// </summary>
public sealed class EntityFences : IDisposable
{
    public const string FileName = ".fences";

    /// <summary>How many files the fences are spread over (a fixed cost of that many descriptors per silo).</summary>
    public const int Shards = 256;

    private const long GateOffset = 0;
    private const long MemberOffset = 1;
    private const long FenceBase = 1L << 62;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, (int Shard, long Offset)> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Shard, long Offset), int> _holders = [];
    private readonly int _fd;
    private readonly int[] _shards;
    private bool _disposed;

    private EntityFences(string path, int[] shards)
    {
        FilePath = path;
        _shards = shards;
        _fd = shards.Length > 0 ? shards[0] : -1;
    }

    public string FilePath { get; }

    /// <summary>How many entities this silo holds a fence for.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>True where fences exclude other processes (Linux); elsewhere only activations in this process are fenced.</summary>
    public static bool AcrossProcesses => OperatingSystem.IsLinux();

    /// <summary>Opens (creating if missing) the fence file of <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="StorageError">The file cannot be opened.</exception>
    public static EntityFences Open(string baseDirectory)
    {
        var path = Path.Join(baseDirectory, FileName);
        if (!AcrossProcesses)
        {
            return new EntityFences(path, []);
        }

        var shards = new int[Shards];
        Array.Fill(shards, -1);
        for (var i = 0; i < Shards; i++)
        {
            var shardPath = ShardPath(path, i);
            shards[i] = LibC.Open(shardPath, LibC.ORdWr | LibC.OCreat | LibC.OCloExec, 0b110_100_100);
            if (shards[i] < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                CloseAll(shards);
                throw new StorageError($"cannot open fence file '{shardPath}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }

        var fd = shards[0];
        // Every silo holds a shared lock on the member byte for its lifetime: how a silo learns it is not alone.
        if (!OfdRangeLocks.TryLock(fd, MemberOffset, exclusive: false, path))
        {
            CloseAll(shards);
            throw new StorageError($"cannot take the member lock of fence file '{path}': a process holds it exclusively.");
        }

        return new EntityFences(path, shards);
    }

    /// <summary>The file of shard <paramref name="shard"/>: <c>.fences</c> for 0, <c>.fences.{shard}</c> after it.</summary>
    public static string ShardPath(string fencesPath, int shard) =>
        shard == 0 ? fencesPath : fencesPath + "." + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The shard of a fence: the hash bits above the offset's 62 (independent of them).</summary>
    public static int ShardOf(string entityKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(entityKey), hash);
        return hash[8] % Shards;
    }

    private static void CloseAll(int[] shards)
    {
        foreach (var shard in shards.Where(fd => fd >= 0))
        {
            _ = LibC.Close(shard);
        }
    }

    /// <summary>True when another silo (another open of this file, in any process) holds the directory too.</summary>
    public unsafe bool OtherSilosPresent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fd < 0)
        {
            return false;
        }

        var probe = new LibC.FileLockRange { Type = LibC.FWriteLock, Whence = 0, Start = MemberOffset, Length = 1, Pid = 0 };
        if (LibC.FcntlLock(_fd, LibC.FOfdGetLock, &probe) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new StorageError($"cannot test the member lock of fence file '{FilePath}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        return probe.Type != LibC.FUnlock;
    }

    /// <summary>The byte that fences <paramref name="entityKey"/>: 2^62 plus the low 62 bits of its SHA-256.</summary>
    public static long OffsetOf(string entityKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(entityKey), hash);
        return FenceBase + (long)(BinaryPrimitives.ReadUInt64LittleEndian(hash) & ((1UL << 62) - 1));
    }

    /// <summary>
    /// Takes the fence of <paramref name="entityKey"/> for this silo, or returns false when another silo holds it or
    /// this silo already does (a previous activation not yet gone).
    /// </summary>
    public bool TryHold(string entityKey)
    {
        var offset = OffsetOf(entityKey);
        var shard = ShardOf(entityKey);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_held.ContainsKey(entityKey))
            {
                return false;
            }

            var fence = (shard, offset);
            _holders.TryGetValue(fence, out var holders);
            if (holders == 0 && _fd >= 0 && !OfdRangeLocks.TryLock(_shards[shard], offset, exclusive: true, ShardPath(FilePath, shard)))
            {
                return false;
            }

            _holders[fence] = holders + 1;
            _held.Add(entityKey, fence);
            return true;
        }
    }

    /// <summary>Releases the fence of <paramref name="entityKey"/>; nothing happens when this silo does not hold it.</summary>
    public void Release(string entityKey)
    {
        lock (_sync)
        {
            if (_disposed || !_held.Remove(entityKey, out var fence))
            {
                return;
            }

            var holders = _holders[fence] - 1;
            if (holders > 0)
            {
                _holders[fence] = holders;
                return;
            }

            _holders.Remove(fence);
            if (_fd >= 0)
            {
                OfdRangeLocks.Unlock(_shards[fence.Shard], fence.Offset);
            }
        }
    }

    /// <summary>
    /// Waits for the start gate and holds it until disposed: silos opening the data directory check and record its
    /// cluster id one at a time. Held for a few system calls, released by the kernel if the holder dies.
    /// </summary>
    public IDisposable EnterGate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fd < 0)
        {
            return new Gate(this, held: false);
        }

        OfdRangeLocks.LockWaiting(_fd, GateOffset, FilePath);
        return new Gate(this, held: true);
    }

    /// <summary>Closes the file, which releases every fence this silo still holds.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _held.Clear();
            _holders.Clear();
            CloseAll(_shards);
        }
    }

    private sealed class Gate(EntityFences fences, bool held) : IDisposable
    {
        private bool _held = held;

        public void Dispose()
        {
            if (_held)
            {
                _held = false;
                OfdRangeLocks.Unlock(fences._fd, GateOffset);
            }
        }
    }
}
