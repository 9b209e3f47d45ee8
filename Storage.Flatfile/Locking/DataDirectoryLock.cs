using System.Globalization;
using System.Text;
using ChatDb.Storage.Flatfile.Native;

namespace ChatDb.Storage.Flatfile.Locking;

/// <summary>
/// Who may use a data directory. An offline command takes it exclusively (<see cref="Acquire"/>): it opens
/// <c>{base}/.lock</c> with <see cref="FileShare.None"/>, which .NET on Linux and macOS implements as
/// <c>flock(LOCK_EX|LOCK_NB)</c> (on Windows as a share-mode lock). The silos of one cluster share it
/// (<see cref="AcquireShared"/>, Linux: <c>flock(LOCK_SH|LOCK_NB)</c>), and the cluster id of the first one is
/// written into the file; a silo of another cluster is refused while they hold it. The kernel drops a lock when
/// its process dies, however it dies, so a stale lock file never blocks a restart. The file reads
/// <c>{pid}\n</c> (the exclusive holder, or the first silo) and, when silos hold it, <c>{cluster id}\n</c>: what
/// the next process that is refused names in its message.
/// </summary>
public sealed partial class DataDirectoryLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly IDisposable _handle;
    private IDisposable? _startGate;

    private DataDirectoryLock(string baseDirectory, string lockFilePath, IDisposable handle, string? clusterId, EntityFences? fences)
    {
        BaseDirectory = baseDirectory;
        LockFilePath = lockFilePath;
        _handle = handle;
        ClusterId = clusterId;
        Fences = fences;
    }

    public string BaseDirectory { get; }

    public string LockFilePath { get; }

    /// <summary>The cluster whose silos share the directory; null for an exclusive (offline) lock.</summary>
    public string? ClusterId { get; }

    /// <summary>True when silos share the lock (<see cref="AcquireShared"/>).</summary>
    public bool IsShared => ClusterId is not null;

    /// <summary>
    /// True when no other process held the directory as this one locked it: an exclusive lock, or the first silo of
    /// a cluster. Only then may the opener clean up what a crash left (temp files, snapshots, a restore's swap).
    /// </summary>
    public bool First { get; private init; } = true;

    /// <summary>The entity fences of a shared lock; null for an exclusive one (nothing else can run).</summary>
    public EntityFences? Fences { get; }

    /// <summary>True for the files that lock a data directory, which copies, backups and checks leave out.</summary>
    public static bool IsLockFile(string name) =>
        name is FileName or EntityFences.FileName || name.StartsWith(EntityFences.FileName + ".", StringComparison.Ordinal);

    /// <summary>Locks <paramref name="baseDirectory"/> (creating it if missing) or fails at once.</summary>
    /// <exception cref="ConfigurationError">Another process, or another lock in this process, holds it.</exception>
    /// <exception cref="StorageError">The lock file cannot be created or written.</exception>
    public static DataDirectoryLock Acquire(string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        var path = Path.Join(directory, FileName);
        FileStream stream;
        try
        {
            Directory.CreateDirectory(directory);
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new ConfigurationError(
                $"data directory '{directory}' is in use by {DescribeHolder(ReadHolder(path))}; stop it or use another --data directory.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"cannot open lock file '{path}' of data directory '{directory}': {e.Message}", e);
        }

        try
        {
            var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            stream.SetLength(0);
            stream.Write(pid);
            stream.Flush(flushToDisk: false);
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw new StorageError($"cannot write the pid into lock file '{path}': {e.Message}", e);
        }

        return new DataDirectoryLock(directory, path, stream, clusterId: null, fences: null);
    }

    /// <summary>Releases the lock (and a shared lock's fences). The files stay; their presence means nothing without the locks.</summary>
    public void Dispose()
    {
        EndStart();
        Fences?.Dispose();
        _handle.Dispose();
    }

    // EWOULDBLOCK (11) from flock on Linux; ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
    private static bool IsHeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35;

    private static string DescribeHolder((int? Pid, string? ClusterId) holder)
    {
        var (pid, clusterId) = holder;
        var process = pid == Environment.ProcessId ? $"this process (pid {pid})" : pid is null ? "another process" : $"another process (pid {pid})";
        return clusterId is null ? process : $"the silos of cluster '{clusterId}' (the first was {process})";
    }

    /// <summary>
    /// The pid and cluster id in a lock file another handle holds. .NET refuses to open a file locked by
    /// FileShare.None even for reading (it takes a shared flock first), so on Linux the file is read through libc directly.
    /// </summary>
    private static (int? Pid, string? ClusterId) ReadHolder(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, null);
        }

        var fd = LibC.Open(path, LibC.ORdOnly | LibC.OCloExec);
        if (fd < 0)
        {
            return (null, null);
        }

        try
        {
            return ParseHolder(ReadAll(fd));
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    private static (int? Pid, string? ClusterId) ParseHolder(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        int? pid = lines.Length > 0 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return (pid, lines.Length > 1 ? lines[1] : null);
    }

    private static unsafe string ReadAll(int fd)
    {
        Span<byte> buffer = stackalloc byte[512];
        nint read;
        fixed (byte* pointer = buffer)
        {
            read = LibC.PRead(fd, pointer, (nuint)buffer.Length, 0);
        }

        return read <= 0 ? string.Empty : Encoding.UTF8.GetString(buffer[..(int)read]);
    }
}
