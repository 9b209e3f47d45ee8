using System.Runtime.InteropServices;

namespace ChatDb.Storage.Flatfile.Native;

/// <summary>
/// The few libc calls .NET has no API for: fsync of a directory (to make a rename or create durable),
/// hard links (a live backup's snapshot), and reading a file that .NET itself refuses to open because of its own advisory lock.
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
}
