using ChatDb.Benchmarks;
using ChatDb.Benchmarks.Engines.Peers;

// dotnet run -c Release --project tests/Benchmarks -- [--quick] [--scenario NAME[,NAME...]] [--out FILE.json] [--min-worker-threads N]
const string Usage = "usage: [--quick] [--scenario NAME[,NAME...]] [--out FILE.json] [--min-worker-threads N]";
// The silo's default durability, Fsync, raises the pool's minimum worker threads to 256 when its storage opens
// (FsyncThreadReserve). The run starts there, so a scenario's figure does not depend on whether an Fsync scenario
// ran before it; a lower minimum shows what that one costs the OsBuffered scenarios (an Fsync silo raises it
// again). Set here, not with ThreadPoolMinThreads in the project file: that setting pins the minimum, and
// SetMinThreads, the storage's included, could no longer change it.
var minWorkerThreads = 256;
var quick = false;
string? only = null;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--scenario" when i + 1 < args.Length:
            only = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--min-worker-threads" when i + 1 < args.Length && int.TryParse(args[i + 1], out var minimum) && minimum > 0:
            minWorkerThreads = minimum;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; {Usage}");
            return 2;
    }
}

ThreadPool.GetMinThreads(out _, out var completionPortThreads);
ThreadPool.SetMinThreads(minWorkerThreads, completionPortThreads);

var scenarios = only is null
    ? ScenarioCatalog.All.ToList()
    : ScenarioCatalog.All.Concat(ScenarioCatalog.Engine).Where(s => only.Split(',').Contains(s.Name)).ToList();
if (scenarios.Count == 0)
{
    Console.Error.WriteLine($"no scenario named '{only}'; known: {string.Join(", ", ScenarioCatalog.All.Concat(ScenarioCatalog.Engine).Select(s => s.Name))}");
    return 2;
}

var root = Path.Combine(Path.GetTempPath(), "chatdb-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
try
{
    var probe = new FileCreateProbe(root);
    var fileCreate = (Start: probe.MeasureMicroseconds(), End: double.NaN);
    Console.WriteLine($"file create in {root}: {fileCreate.Start:F1} µs (median of 200)");
    await using var peers = new BenchmarkPeers();
    var runner = new BenchmarkRunner(new BenchmarkContext(quick, root, peers));
    IReadOnlyList<ScenarioOutcome> results;
    var postgresVersion = (string?)null;
    try
    {
        results = await runner.RunAsync(scenarios, CancellationToken.None);
    }
    finally
    {
        await ScenarioCatalog.DisposeSharedAsync();
        postgresVersion = peers.PostgresVersion;
        // The PostgreSQL server stops before the report is written: nothing of the run is left running.
        await peers.DisposeAsync();
    }

    fileCreate.End = probe.MeasureMicroseconds();
    Console.WriteLine($"file create in {root} at the end: {fileCreate.End:F1} µs (median of 200)");
    BenchmarkReport.PrintTable(results);
    if (output is not null)
    {
        await BenchmarkReport.WriteJsonAsync(output, quick, results, postgresVersion, fileCreate, CancellationToken.None);
        Console.WriteLine($"wrote {output}");
    }

    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}
