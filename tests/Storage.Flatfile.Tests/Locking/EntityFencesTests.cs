using System.Diagnostics;
using System.Globalization;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Locking;

/// <summary>Entity fences: one open of <c>.fences</c> per silo, one byte-range lock per active entity.</summary>
public sealed class EntityFencesTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TwoSilos_CannotHoldOneEntity_UntilTheHolderReleasesIt()
    {
        using var silo1 = EntityFences.Open(_directory.Path);
        using var silo2 = EntityFences.Open(_directory.Path);

        Assert.True(silo1.TryHold("session/alice/s1"));
        Assert.False(silo2.TryHold("session/alice/s1"));
        Assert.True(silo2.TryHold("session/alice/s2"));

        silo1.Release("session/alice/s1");
        Assert.True(silo2.TryHold("session/alice/s1"));
        Assert.Equal(2, silo2.Count);
        Assert.Equal(0, silo1.Count);
    }

    [Fact]
    public void OneSilo_RefusesASecondActivationOfAnEntityItHolds()
    {
        using var silo = EntityFences.Open(_directory.Path);

        Assert.True(silo.TryHold("user/alice"));
        Assert.False(silo.TryHold("user/alice"));
        silo.Release("user/alice");
        Assert.True(silo.TryHold("user/alice"));
    }

    [Fact]
    public void ClosingTheFenceFile_ReleasesEveryFenceOfThatSilo()
    {
        using var silo2 = EntityFences.Open(_directory.Path);
        using (var silo1 = EntityFences.Open(_directory.Path))
        {
            Assert.True(silo1.TryHold("session/alice/s1"));
            Assert.True(silo1.TryHold("session/bob/s1"));
        }

        Assert.True(silo2.TryHold("session/alice/s1"));
        Assert.True(silo2.TryHold("session/bob/s1"));
    }

    [Fact]
    public void OffsetOf_IsStable_AndAbove2To62()
    {
        var offset = EntityFences.OffsetOf("session/alice/s1");

        Assert.Equal(offset, EntityFences.OffsetOf("session/alice/s1"));
        Assert.NotEqual(offset, EntityFences.OffsetOf("session/alice/s2"));
        Assert.InRange(offset, 1L << 62, long.MaxValue);
    }

    [Fact]
    public async Task AFenceHeldByAnotherProcess_RefusesThisOne_UntilThatProcessIsKilled()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var silo = EntityFences.Open(_directory.Path);
        var fenceFile = EntityFences.ShardPath(Path.Join(_directory.Path, EntityFences.FileName), EntityFences.ShardOf("session/alice/s1"));
        var offset = EntityFences.OffsetOf("session/alice/s1").ToString(CultureInfo.InvariantCulture);
        // A child process takes the same open-file-description lock the silos take, then sleeps holding it.
        const string Holder = """
            import fcntl, os, struct, sys, time
            fd = os.open(sys.argv[1], os.O_RDWR)
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, int(sys.argv[2]), 1, 0))
            print("locked", flush=True)
            time.sleep(60)
            """;
        using var holder = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", Holder, fenceFile, offset },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            var line = await holder.StandardOutput.ReadLineAsync().WaitAsync(ProcessTimeout);
            Assert.True(line == "locked", $"the fence holder (pid {holder.Id}) did not report the lock at {offset} of {fenceFile}");
            Assert.False(silo.TryHold("session/alice/s1"));

            // kill -9: no chance to unlock; the kernel drops the lock with the process.
            holder.Kill();
            await holder.WaitForExitAsync().WaitAsync(ProcessTimeout);

            Assert.True(silo.TryHold("session/alice/s1"));
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
