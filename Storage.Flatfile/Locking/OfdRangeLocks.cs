using System.Runtime.InteropServices;
using ChatDb.Storage.Flatfile.Native;

namespace ChatDb.Storage.Flatfile.Locking;

/// <summary>
/// Byte-range locks of one byte each, through <c>fcntl(F_OFD_SETLK)</c>. Unlike classic POSIX locks
/// (<c>F_SETLK</c>), an open file description lock belongs to the open file, not to the process: two opens of
/// one file in one process conflict with each other (two silos in one test process do), closing some other
/// descriptor of the file does not drop them, and the kernel drops them when the last descriptor of the open
/// file is closed, which process death does. Linux only.
/// </summary>
internal static class OfdRangeLocks
{
    /// <summary>Takes the lock at <paramref name="offset"/>, or returns false at once when another open file holds it.</summary>
    /// <exception cref="StorageError">The file system refused the lock for another reason.</exception>
    public static unsafe bool TryLock(int fd, long offset, bool exclusive, string path)
    {
        var range = Range(offset, exclusive ? LibC.FWriteLock : LibC.FReadLock);
        if (LibC.FcntlLock(fd, LibC.FOfdSetLock, &range) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is LibC.EWouldBlock or LibC.EAccess
            ? false
            : throw new StorageError($"cannot lock byte {offset} of '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    /// <summary>Waits for the exclusive lock at <paramref name="offset"/>; used only where holders keep it for a few system calls.</summary>
    public static unsafe void LockWaiting(int fd, long offset, string path)
    {
        var range = Range(offset, LibC.FWriteLock);
        while (LibC.FcntlLock(fd, LibC.FOfdSetLockWait, &range) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EIntr)
            {
                throw new StorageError($"cannot lock byte {offset} of '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }
    }

    public static unsafe void Unlock(int fd, long offset)
    {
        var range = Range(offset, LibC.FUnlock);
        _ = LibC.FcntlLock(fd, LibC.FOfdSetLock, &range);
    }

    // l_pid must be 0 for open file description locks.
    private static LibC.FileLockRange Range(long offset, short type) =>
        new() { Type = type, Whence = 0, Start = offset, Length = 1, Pid = 0 };
}
