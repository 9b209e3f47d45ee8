using ChatDb.Storage.Flatfile.Tests.Support;
using Xunit.Abstractions;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// The SQLite method: for N = 1, 2, ... fail the Nth file operation of a workload (once with EIO, or from then
/// on with ENOSPC / EROFS, alternating) until the workload completes without meeting the fault. After each:
/// the caller got a <see cref="StorageError"/> (no acknowledgement) unless only the rebuildable offset index
/// failed; once the fault clears, the store shows every acknowledged write and nothing unacknowledged but a
/// whole in-flight write, verify is clean, and it accepts new writes; and a power loss right after that keeps
/// all of it, so nothing was acknowledged on the strength of a failed fsync.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("chat", false)]
    [InlineData("chat", true)]
    [InlineData("log", false)]
    [InlineData("log", true)]
    [InlineData("recovery", false)]
    [InlineData("recovery", true)]
    [InlineData("document", false)]
    [InlineData("document", true)]
    public async Task Workload_FailingEachOperationInTurn_NeverAcknowledgesAndRecovers(string workload, bool persistent)
    {
        var injected = 0;
        var absorbed = 0;
        int n;
        for (n = 1; ; n++)
        {
            Assert.True(n < 500, $"{workload}: the workload still met a fault at operation 500");
            var root = _temp.Combine($"{workload}-{persistent}-{n}");
            Directory.CreateDirectory(root);
            var scenario = Create(workload, root);
            await scenario.SeedAsync();

            var fault = new FaultInjectingFileSystem(NoSyncFileSystem.Instance);
            var disk = new PowerLossFileSystem(root, fault);
            var kind = !persistent ? InjectedFault.Eio : n % 2 == 0 ? InjectedFault.Erofs : InjectedFault.Enospc;
            fault.Arm(n, kind, persistent);
            var failure = await Record.ExceptionAsync(() => scenario.RunAsync(disk));
            var first = fault.FirstFault;
            if (first is null)
            {
                Assert.True(failure is null, $"{workload}: failed without a fault: {failure}");
                break;
            }

            var context = $"{workload}, {kind} {(persistent ? "from" : "at")} operation {n} ({first.Operation} of '{first.Path}')";
            injected += fault.Injected;
            if (failure is null)
            {
                Assert.True(FaultScenario.MayAbsorb(first), $"{context}: the workload was acknowledged although the fault hit");
                absorbed++;
            }
            else
            {
                Assert.True(failure is StorageError, $"{context}: the caller got {failure.GetType().Name} instead of a StorageError: {failure.Message}");
            }

            fault.Clear();
            await scenario.CheckAsync(disk, $"{context}, fault cleared");
            await scenario.WriteMoreAsync(disk, "after the fault");
            disk.Recover(PowerLossMode.Drop, new Random(n));
            await scenario.CheckAsync(NoSyncFileSystem.Instance, $"{context}, then power loss");
            await scenario.WriteMoreAsync(NoSyncFileSystem.Instance, "after the power loss");
        }

        output.WriteLine($"fault injection ({workload}, {(persistent ? "persistent ENOSPC/EROFS" : "once EIO")}): N = 1..{n - 1} failed, " +
            $"the workload completed at N = {n}; {injected} faults injected, {absorbed} absorbed (offset index only)");
    }

    private static FaultScenario Create(string workload, string root) => workload switch
    {
        "chat" => new ChatFaultScenario(root),
        "log" => new LogFaultScenario(root, tornTail: false),
        "recovery" => new LogFaultScenario(root, tornTail: true),
        _ => new DocumentFaultScenario(root),
    };
}
