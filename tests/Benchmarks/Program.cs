using ChatDb.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- [--quick] [--scenario NAME] [--out FILE.json]
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
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: [--quick] [--scenario NAME] [--out FILE.json]");
            return 2;
    }
}

var scenarios = ScenarioCatalog.All.Where(s => only is null || s.Name == only).ToList();
if (scenarios.Count == 0)
{
    Console.Error.WriteLine($"no scenario named '{only}'; known: {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))}");
    return 2;
}

var root = Path.Combine(Path.GetTempPath(), "chatdb-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
try
{
    var runner = new BenchmarkRunner(new BenchmarkContext(quick, root));
    var results = await runner.RunAsync(scenarios, CancellationToken.None);
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
