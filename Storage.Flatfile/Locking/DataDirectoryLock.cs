using System.Globalization;
using System.Text;
using ChatDb.Storage.Flatfile.Native;

namespace ChatDb.Storage.Flatfile.Locking;

/// <summary>
/// One process per data directory. <see cref="Acquire"/> opens <c>{base}/.lock</c> with
/// <see cref="FileShare.None"/>, which .NET on Linux and macOS implements as <c>flock(LOCK_EX|LOCK_NB)</c>
/// (on Windows as a share-mode lock), and keeps it open until disposed. The kernel drops the lock when the
/// process dies, however it dies, so a stale lock file never blocks a restart. The holder's pid is written
/// into the file for the error message of the next process that tries.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(string baseDirectory, string lockFilePath, FileStream stream)
    {
        BaseDirectory = baseDirectory;
        LockFilePath = lockFilePath;
        _stream = stream;
    }

    public string BaseDirectory { get; }

    public string LockFilePath { get; }

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
            var holder = ReadHolderPid(path);
            var who = holder == Environment.ProcessId
                ? $"this process (pid {holder})"
                : holder is null ? "another process" : $"another process (pid {holder})";
            throw new ConfigurationError(
                $"data directory '{directory}' is in use by {who}; stop it or use another --data directory.", e);
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

        return new DataDirectoryLock(directory, path, stream);
    }

    /// <summary>Releases the lock. The file stays; its presence means nothing without the lock.</summary>
    public void Dispose() => _stream.Dispose();

    // EWOULDBLOCK (11) from flock on Linux; ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
    private static bool IsHeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35;

    /// <summary>
    /// The pid in a lock file another handle holds. .NET refuses to open a file locked by FileShare.None even
    /// for reading (it takes a shared flock first), so on Linux the file is read through libc directly.
    /// </summary>
    private static unsafe int? ReadHolderPid(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var fd = LibC.Open(path, LibC.ORdOnly | LibC.OCloExec);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            Span<byte> buffer = stackalloc byte[32];
            nint read;
            fixed (byte* pointer = buffer)
            {
                read = LibC.Read(fd, pointer, (nuint)buffer.Length);
            }

            if (read <= 0)
            {
                return null;
            }

            var text = Encoding.ASCII.GetString(buffer[..(int)read]).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }
}
