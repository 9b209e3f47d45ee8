using System.Runtime.InteropServices;

namespace ChatDb.Storage.Flatfile.Native;

/// <summary>
/// The few libc calls .NET has no API for: fsync of a directory (to make a rename or create durable),
/// hard links (a live backup's snapshot), flock and open-file-description byte-range locks (the data directory lock and
/// the entity fences), and reading a file that .NET itself refuses to open because of its own advisory lock.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    public const int ORdOnly = 0;

    // O_CLOEXEC is 02000000 on every Linux architecture .NET runs on.
    public const int OCloExec = 0x80000;

    /// <summary>O_DIRECTORY differs between architectures: 0200000 on x86/x64, 040000 on Arm.</summary>
    public static int ODirectory => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm or Architecture.Arm64 => 0x4000,
        _ => 0x10000,
    };

    public const int EIntr = 4;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    public const int ORdWr = 2;

    public const int OCreat = 0x40;

    public const int LockShared = 1;

    public const int LockExclusive = 2;

    public const int LockNonBlocking = 4;

    /// <summary>EWOULDBLOCK/EAGAIN: a lock is held by another open file description.</summary>
    public const int EWouldBlock = 11;

    /// <summary>EACCES: what some file systems answer instead of EAGAIN for a conflicting fcntl lock.</summary>
    public const int EAccess = 13;

    /// <summary>Open file description locks (Linux 3.15+): owned by the open file, not by the process.</summary>
    public const int FOfdGetLock = 36;

    public const int FOfdSetLock = 37;

    public const int FOfdSetLockWait = 38;

    public const short FReadLock = 0;

    public const short FWriteLock = 1;

    public const short FUnlock = 2;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "pwrite", SetLastError = true)]
    public static unsafe partial nint PWrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    /// <summary>fcntl with a <c>struct flock</c> argument (F_OFD_SETLK and friends).</summary>
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static unsafe partial int FcntlLock(int fd, int command, FileLockRange* range);

    /// <summary>The <c>struct flock</c> of Linux on 64-bit architectures (32 bytes, natural alignment).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FileLockRange
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }
}
