using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatDb.Benchmarks;

public static class BenchmarkReport
{
    public static void PrintTable(IReadOnlyList<ScenarioOutcome> outcomes)
    {
        var width = Math.Max(10, outcomes.Max(o => o.Scenario.Name.Length));
        Console.WriteLine();
        Console.WriteLine($"{"scenario".PadRight(width)}  {"unit",-8} {"chatdb",12} {"sqlite",12} {"ratio",8}  {"goal",-8} met");
        foreach (var outcome in outcomes)
        {
            var met = outcome.Result.Missing is { } missing ? "missing: " + missing : outcome.GoalMet ? "yes" : "NO";
            Console.WriteLine(
                $"{outcome.Scenario.Name.PadRight(width)}  {outcome.Scenario.Unit,-8} {Format(outcome.Result.ChatDb),12} " +
                $"{Format(outcome.Result.Sqlite),12} {(outcome.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-"),8}  {outcome.Scenario.Goal,-8} {met}");
        }
    }

    public static async Task WriteJsonAsync(string path, bool quick, IReadOnlyList<ScenarioOutcome> outcomes, CancellationToken cancellationToken)
    {
        var report = new JsonObject
        {
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = RuntimeInformation.OSDescription,
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                // The machines are shared; the load at the end of the run says how much to trust the figures.
                ["load_average"] = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null,
                // Orleans runs on the thread pool, so its floor is part of the setting (see --min-worker-threads).
                ["min_worker_threads"] = MinWorkerThreads(),
            },
            ["quick"] = quick,
            ["scenarios"] = new JsonArray(outcomes.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Scenario.Name,
                ["unit"] = o.Scenario.Unit,
                ["chatdb"] = o.Result.ChatDb is { } c ? Math.Round(c, 2) : null,
                ["sqlite"] = o.Result.Sqlite is { } s ? Math.Round(s, 2) : null,
                ["ratio"] = o.Ratio is { } r ? Math.Round(r, 3) : null,
                ["goal"] = o.Scenario.Goal.ToString(),
                ["goal_met"] = o.Result.Missing is null ? o.GoalMet : null,
                ["missing"] = o.Result.Missing,
            }).ToArray()),
        };
        await File.WriteAllTextAsync(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), cancellationToken);
    }

    private static int MinWorkerThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out _);
        return workers;
    }

    private static string Format(double? value) =>
        value is { } v ? v.ToString(v >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) : "-";
}
