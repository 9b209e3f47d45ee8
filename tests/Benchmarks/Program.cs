using ChatDb.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- [--quick] [--scenario NAME[,NAME...]] [--out FILE.json] [--min-worker-threads N]
const string Usage = "usage: [--quick] [--scenario NAME[,NAME...]] [--out FILE.json] [--min-worker-threads N]";
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
        // The run starts with the minimum the silo's Fsync mode sets (256, the project file); a lower one shows
        // what that minimum costs the scenarios that do not raise it again (OsBuffered silos).
        case "--min-worker-threads" when i + 1 < args.Length && int.TryParse(args[i + 1], out var minimum) && minimum > 0:
            i++;
            ThreadPool.GetMinThreads(out _, out var completionPorts);
            ThreadPool.SetMinThreads(minimum, completionPorts);
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; {Usage}");
            return 2;
    }
}

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
    var runner = new BenchmarkRunner(new BenchmarkContext(quick, root));
    IReadOnlyList<ScenarioOutcome> results;
    try
    {
        results = await runner.RunAsync(scenarios, CancellationToken.None);
    }
    finally
    {
        await ScenarioCatalog.DisposeSharedAsync();
    }

    BenchmarkReport.PrintTable(results);
    if (output is not null)
    {
        await BenchmarkReport.WriteJsonAsync(output, quick, results, CancellationToken.None);
        Console.WriteLine($"wrote {output}");
    }

    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}
