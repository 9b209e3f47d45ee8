using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Tests.Support;
using Xunit.Abstractions;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// Power loss at every operation of a scripted workload: the disk keeps only what was made durable (or, torn,
/// part of what was not), the store is reopened with the real file system, and every acknowledged write must
/// be there, no file corrupt, verify clean, new writes accepted.
/// </summary>
public sealed class PowerLossTests(ITestOutputHelper output) : IDisposable
{
    private const int Sessions = 2;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(PowerLossMode.Drop)]
    [InlineData(PowerLossMode.Tear)]
    internal async Task ScriptedWorkload_PowerLossAtEveryOperation_KeepsEveryAcknowledgedWrite(PowerLossMode mode)
    {
        var operations = await CountOperationsAsync();
        var torn = 0;
        var acknowledged = 0L;
        var tolerated = new Dictionary<ProblemKind, int>();
        for (var crashAt = 1; crashAt <= operations; crashAt++)
        {
            var root = Fresh($"{mode}-{crashAt}");
            var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
            disk.CrashAt(crashAt);
            var workload = new ChatWorkload(Sessions);
            // The open is part of the workload: a new directory's format record is its first write.
            FaultStore? store = null;
            try
            {
                var failure = await Record.ExceptionAsync(async () =>
                {
                    store = FaultStore.Open(root, disk);
                    await workload.RunAsync(store);
                });
                Assert.True(disk.Crashed, $"crash point {crashAt}: the workload ended without reaching it ({failure?.Message})");
                Assert.True(failure is not null, $"crash point {crashAt}: the workload was acknowledged in full although the power went");
            }
            finally
            {
                if (store is not null)
                {
                    await store.DisposeAsync();
                }
            }

            torn += disk.Recover(mode, new Random(crashAt));

            acknowledged += workload.Acknowledged;
            // Recovery runs on the real files; real fsyncs would only cost time here.
            await using (var recovered = FaultStore.Open(root, NoSyncFileSystem.Instance))
            {
                await workload.CheckAsync(recovered, $"{mode} power loss at operation {crashAt} of {operations}");
                await workload.WriteMoreAsync(recovered, "after recovery");
                await workload.CheckAsync(recovered, $"{mode} power loss at operation {crashAt}, writes after recovery");
            }

            CheckVerify(root, $"{mode} power loss at operation {crashAt}", tolerated);
        }

        output.WriteLine(
            $"power loss ({mode}): {operations} crash points simulated, {acknowledged} acknowledged writes checked, " +
            $"{torn} files torn, tolerated verify findings: {string.Join(", ", tolerated.Select(t => $"{t.Key} x{t.Value}"))}");
    }

    private async Task<int> CountOperationsAsync()
    {
        var root = Fresh("count");
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        var workload = new ChatWorkload(Sessions);
        await using (var store = FaultStore.Open(root, disk))
        {
            await workload.RunAsync(store);
        }

        Assert.True(disk.Operations > 50, $"the workload made only {disk.Operations} operations");
        return disk.Operations;
    }

    /// <summary>
    /// Verify must find no error. Warnings the engine itself produces on recovery are counted: a torn log tail
    /// cut and kept aside in <c>messages.jsonl.corrupt</c> (KeptAside, not an error).
    /// </summary>
    internal static void CheckVerify(string root, string context, Dictionary<ProblemKind, int> tolerated, Func<VerifyProblem, bool>? alsoTolerate = null)
    {
        var report = FaultStore.Verify(root);
        var errors = report.Problems.Where(p => p.IsError && alsoTolerate?.Invoke(p) != true).ToList();
        Assert.True(errors.Count == 0, $"{context}: verify found {string.Join("; ", errors.Select(e => e.Message))}");
        foreach (var warning in report.Problems)
        {
            tolerated[warning.Kind] = tolerated.GetValueOrDefault(warning.Kind) + 1;
        }
    }

    private string Fresh(string name)
    {
        var root = _temp.Combine(name);
        Directory.CreateDirectory(root);
        return root;
    }
}
