using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;
using Orleans.Runtime;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: whether a silo gives its memory back once the grains that wrote are collected. A silo's managed heap
/// (after a full, compacting GC; the benchmark process's own heap before the silo started taken off) is measured
/// idle (every activation collected after one warm-up write, so the singletons are loaded), after 1,000,000 messages
/// (quick: 50,000) written in batches of 100 to 1,000 sessions of 100 users (quick: 100 of 10), OsBuffered, and after
/// <see cref="IManagementGrain.ForceActivationCollection(TimeSpan)"/> collected every activation. The figure is the
/// collected silo's heap over the idle silo's; the other figures (and the process's working set) are printed. Measured
/// in a child process of the benchmark (the same executable, this scenario alone), so that nothing of the scenarios
/// before it counts.
/// </summary>
public sealed class HeapAfterCollectionScenario : IScenario
{
    private const int SessionsPerUser = 10;

    // An idle silo holds tens of megabytes (Orleans, the tokenizer's tables); less means the baseline was off.
    private const long MinimumSiloHeap = 16L * 1024 * 1024;

    public string Name => "heap_after_collection";

    public string Unit => "ratio";

    public bool HigherIsBetter => false;

    /// <summary>The collected silo's heap within 20 % of the idle silo's.</summary>
    public ScenarioGoal Goal => new(1.2, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken) =>
        Environment.GetEnvironmentVariable(IsolatedVariable) == Name
            ? await MeasureAsync(context, cancellationToken)
            : await RunIsolatedAsync(context, cancellationToken);

    // Set for the child process that measures: the scenarios before this one in a report leave memory behind (shared
    // fixtures, garbage released late), so the silo's heap is only its own in a process of its own.
    private const string IsolatedVariable = "CHATDB_BENCHMARK_ISOLATED";

    private async Task<ScenarioResult> RunIsolatedAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var report = Path.Join(context.NewDirectory(Name + "-report"), "report.json");
        // The same executable: `dotnet` with the benchmark's .dll, or (through `dotnet run`) the project's own launcher,
        // which takes the arguments alone.
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(HeapAfterCollectionScenario).Assembly.Location);
        }

        if (context.Quick)
        {
            start.ArgumentList.Add("--quick");
        }

        foreach (var argument in new[] { "--scenario", Name, "--out", report })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[IsolatedVariable] = Name;
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"{Name}: the measuring process did not start.");
        while (await child.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith($"  {Name}: silo heap", StringComparison.Ordinal))
            {
                Console.WriteLine(line);
            }
        }

        await child.WaitForExitAsync(cancellationToken);
        if (child.ExitCode != 0 || !File.Exists(report))
        {
            return ScenarioResult.NotAvailable($"the measuring process exited with code {child.ExitCode}");
        }

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(report, cancellationToken));
        var row = json.RootElement.GetProperty("scenarios")[0];
        return row.GetProperty("chatdb").ValueKind == JsonValueKind.Number
            ? new ScenarioResult(row.GetProperty("chatdb").GetDouble())
            : ScenarioResult.NotAvailable(row.GetProperty("missing").GetString() ?? "no figure");
    }

    private async Task<ScenarioResult> MeasureAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var messages = context.Scale(50_000, 1_000_000);
        var sessions = context.Scale(100, 1_000);
        var processHeap = FullGcHeap();
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.OsBuffered);
        var management = silo.Grains.GetGrain<IManagementGrain>(0);

        var warm = await ChatFixtures.CreateSessionsAsync(silo.Grains, "warm", 1);
        await silo.Grains.GetGrain<ISessionGrain>(warm[0]).AddMessagesAsync(Batch(0));
        await management.ForceActivationCollection(TimeSpan.Zero);
        var idle = Sample(processHeap);
        if (idle.Heap < MinimumSiloHeap)
        {
            // Memory of the scenarios before this one became garbage after the baseline was taken: the difference is
            // no longer the silo's, and a ratio over it would mean nothing.
            return ScenarioResult.NotAvailable(string.Create(CultureInfo.InvariantCulture,
                $"the process's heap fell by more than the idle silo holds ({Mb(idle.Heap)} MB above the baseline) while the silo started: run the scenario alone (--scenario {Name})"));
        }

        var keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "heap", sessions, SessionsPerUser);
        var perSession = messages / sessions;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (key, _) =>
        {
            var session = silo.Grains.GetGrain<ISessionGrain>(key);
            for (var first = 0; first < perSession; first += BatchAppendScenario.BatchSize)
            {
                await session.AddMessagesAsync(Batch(first, Math.Min(BatchAppendScenario.BatchSize, perSession - first)));
            }
        });
        var active = Sample(processHeap);
        var activations = await management.GetTotalActivationCount();

        await management.ForceActivationCollection(TimeSpan.Zero);
        var collected = Sample(processHeap);
        var left = await management.GetTotalActivationCount();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Name}: silo heap idle {Mb(idle.Heap)} MB, after {sessions * perSession:N0} messages {Mb(active.Heap)} MB ({activations:N0} activations), " +
            $"collected {Mb(collected.Heap)} MB ({left:N0} activations left); process working set {Mb(idle.WorkingSet)} / {Mb(active.WorkingSet)} / {Mb(collected.WorkingSet)} MB"));
        return new ScenarioResult((double)collected.Heap / idle.Heap);
    }

    private static IReadOnlyList<NewMessage> Batch(int first, int count = BatchAppendScenario.BatchSize) =>
        [.. Enumerable.Range(first, count).Select(ChatFixtures.Message)];

    private static (long Heap, long WorkingSet) Sample(long processHeap)
    {
        var heap = FullGcHeap() - processHeap;
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static long FullGcHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
