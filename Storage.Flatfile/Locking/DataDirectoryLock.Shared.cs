using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ChatDb.Storage.Flatfile.Native;

namespace ChatDb.Storage.Flatfile.Locking;

public sealed partial class DataDirectoryLock
{
    /// <summary>
    /// Shares <paramref name="baseDirectory"/> (creating it if missing) with the other silos of cluster
    /// <paramref name="clusterId"/>, or fails at once. Silos open the directory one at a time
    /// (<see cref="EntityFences.EnterGate"/>): the first takes the lock exclusively for a moment, writes its pid and
    /// the cluster id, then shares it; the next ones find the lock shared and compare the recorded cluster id. Off
    /// Linux the lock is exclusive: one silo per directory. With <paramref name="holdStartGate"/> the next silo waits
    /// until <see cref="EndStart"/> (the opener cleans up and creates what is missing first).
    /// </summary>
    /// <exception cref="ConfigurationError">An offline command holds the directory, or the silos of another cluster do.</exception>
    /// <exception cref="StorageError">The lock files cannot be created or written.</exception>
    public static DataDirectoryLock AcquireShared(string baseDirectory, string clusterId, bool holdStartGate = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        if (!OperatingSystem.IsLinux())
        {
            var alone = Acquire(baseDirectory);
            return new DataDirectoryLock(alone.BaseDirectory, alone.LockFilePath, alone, clusterId, EntityFences.Open(alone.BaseDirectory));
        }

        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        var path = Path.Join(directory, FileName);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"cannot create data directory '{directory}': {e.Message}", e);
        }

        var fences = EntityFences.Open(directory);
        IDisposable? gate = null;
        try
        {
            gate = fences.EnterGate();
            var fd = OpenLockFile(path);
            try
            {
                var first = JoinCluster(fd, directory, path, clusterId);
                var shared = new DataDirectoryLock(directory, path, new Descriptor(fd), clusterId, fences) { First = first, _startGate = gate };
                if (!holdStartGate)
                {
                    shared.EndStart();
                }

                return shared;
            }
            catch
            {
                _ = LibC.Close(fd);
                throw;
            }
        }
        catch
        {
            gate?.Dispose();
            fences.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Lets the next silo in: called once this one has finished opening the directory (and, when
    /// <see cref="First"/>, cleaning up after a crash), so no silo sees a half-cleaned or half-created directory.
    /// </summary>
    public void EndStart() => Interlocked.Exchange(ref _startGate, null)?.Dispose();

    /// <summary>
    /// Under the start gate: alone, record the cluster (true); among silos, check it (false); behind an offline
    /// command, refuse.
    /// </summary>
    private static bool JoinCluster(int fd, string directory, string path, string clusterId)
    {
        if (LibC.Flock(fd, LibC.LockExclusive | LibC.LockNonBlocking) == 0)
        {
            WriteHolder(fd, path, clusterId);
            // flock converts by releasing and relocking: an offline command may slip in between, and is then named below.
            if (LibC.Flock(fd, LibC.LockShared | LibC.LockNonBlocking) == 0)
            {
                return true;
            }
        }
        else if (LibC.Flock(fd, LibC.LockShared | LibC.LockNonBlocking) == 0)
        {
            var (pid, recorded) = ParseHolder(ReadAll(fd));
            if (recorded is null || string.Equals(recorded, clusterId, StringComparison.Ordinal))
            {
                return false;
            }

            throw new ConfigurationError(
                $"data directory '{directory}' is in use by the silos of cluster '{recorded}' (the first was pid {pid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); "
                + $"this silo's cluster id is '{clusterId}'. Silos share a data directory only within one cluster: start it with --cluster-id {recorded}, "
                + "or give it another --data directory.");
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != LibC.EWouldBlock)
        {
            throw new StorageError($"cannot lock '{path}' of data directory '{directory}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        throw new ConfigurationError(
            $"data directory '{directory}' is in use by {DescribeHolder(ReadHolder(path))}, an offline command that holds it alone; "
            + "wait for it to finish, or use another --data directory.");
    }

    private static int OpenLockFile(string path)
    {
        var fd = LibC.Open(path, LibC.ORdWr | LibC.OCreat | LibC.OCloExec, 0b110_100_100);
        if (fd >= 0)
        {
            return fd;
        }

        var errno = Marshal.GetLastPInvokeError();
        throw new StorageError($"cannot open lock file '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    private static unsafe void WriteHolder(int fd, string path, string clusterId)
    {
        var text = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n{clusterId}\n"));
        nint written;
        fixed (byte* pointer = text)
        {
            written = LibC.FTruncate(fd, 0) == 0 ? LibC.PWrite(fd, pointer, (nuint)text.Length, 0) : -1;
        }

        if (written != text.Length)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new StorageError($"cannot write the pid and cluster id into lock file '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }

    /// <summary>A libc descriptor; closing it drops its flock.</summary>
    private sealed class Descriptor(int fd) : IDisposable
    {
        private int _fd = fd;

        public void Dispose()
        {
            var fd = Interlocked.Exchange(ref _fd, -1);
            if (fd >= 0)
            {
                _ = LibC.Close(fd);
            }
        }
    }
}
