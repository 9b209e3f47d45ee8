using System.Diagnostics;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Locking;

public sealed class DataDirectoryLockTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = new();
    private readonly string _base;

    public DataDirectoryLockTests() => _base = _directory.Combine("data");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Acquire_FreshDirectory_CreatesItAndWritesThePid()
    {
        using var held = DataDirectoryLock.Acquire(_base);

        Assert.Equal(Path.Join(_base, ".lock"), held.LockFilePath);
        Assert.True(File.Exists(held.LockFilePath));
    }

    [Fact]
    public void Acquire_TwiceInOneProcess_SecondFailsNamingDirectoryAndPid()
    {
        using var first = DataDirectoryLock.Acquire(_base);

        var error = Assert.Throws<ConfigurationError>(() => DataDirectoryLock.Acquire(_base));

        Assert.Contains($"data directory '{_base}' is in use", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(pid {Environment.ProcessId})", error.Message, StringComparison.Ordinal);
        Assert.Contains("--data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_AfterDispose_Succeeds()
    {
        DataDirectoryLock.Acquire(_base).Dispose();

        using var again = DataDirectoryLock.Acquire(_base);

        Assert.Equal(_base, again.BaseDirectory);
    }

    [Fact]
    public async Task Acquire_WhileAnotherProcessHoldsAFlock_FailsUntilThatProcessIsKilled()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // A shell that takes flock(LOCK_EX) on the lock file, writes its pid, and sleeps holding it.
        // Refusal here proves FileShare.None is implemented with flock, the lock the kernel drops on death.
        Directory.CreateDirectory(_base);
        var lockFile = Path.Join(_base, ".lock");
        using var holder = Process.Start(new ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", "exec 9>\"$0\" && flock -n 9 && echo $$ >&9 && echo locked && exec sleep 60", lockFile },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            var line = await holder.StandardOutput.ReadLineAsync().WaitAsync(ProcessTimeout);
            Assert.True(line == "locked", $"the flock holder (pid {holder.Id}) did not report the lock on {lockFile}");

            var error = Assert.Throws<ConfigurationError>(() => DataDirectoryLock.Acquire(_base));
            Assert.Contains($"in use by another process (pid {holder.Id})", error.Message, StringComparison.Ordinal);

            holder.Kill();
            await holder.WaitForExitAsync().WaitAsync(ProcessTimeout);

            using var acquired = DataDirectoryLock.Acquire(_base);
            Assert.True(File.Exists(acquired.LockFilePath));
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }
}
