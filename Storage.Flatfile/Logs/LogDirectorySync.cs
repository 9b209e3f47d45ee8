using System.Runtime.InteropServices;
using System.Text;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// fsync of a directory, so a newly created log (or <c>.corrupt</c>) file survives a crash together
/// with its first durable bytes. .NET has no API for it: open the directory read-only and fsync.
/// On Windows there is nothing to do (NTFS journals the directory entry).
/// </summary>
internal static class LogDirectorySync
{
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // DllImport with a byte[] path needs no unsafe code (LibraryImport would).
        var path = Encoding.UTF8.GetBytes(directory + "\0");
        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
