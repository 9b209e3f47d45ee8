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
        Console.WriteLine($"{"scenario".PadRight(width)}  {"unit",-8} {"chatdb",12} {"sqlite",12} {"ratio",8} {"postgres",12} {"ratio_pg",8}  {"goal",-8} met");
        foreach (var outcome in outcomes)
        {
            var met = outcome.Result.Missing is null ? (outcome.GoalMet ? "yes" : "NO") : string.Empty;
            if (outcome.Missing is { } missing)
            {
                met = (met + " missing: " + missing).Trim();
            }

            Console.WriteLine(
                $"{outcome.Scenario.Name.PadRight(width)}  {outcome.Scenario.Unit,-8} {Format(outcome.Result.ChatDb),12} " +
                $"{Format(outcome.Result.Sqlite),12} {FormatRatio(outcome.Ratio),8} {Format(outcome.Result.Postgres),12} {FormatRatio(outcome.RatioPostgres),8}  " +
                $"{outcome.Scenario.Goal,-8} {met}");
        }
    }

    public static async Task WriteJsonAsync(
        string path, bool quick, IReadOnlyList<ScenarioOutcome> outcomes, string? postgresVersion, (double Start, double End) fileCreateMicroseconds, CancellationToken cancellationToken)
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
                // The PostgreSQL peer's server version; null when it was not started.
                ["postgres"] = postgresVersion,
                // What creating a file costs in the run's directory, before and after the scenarios (FileCreateProbe):
                // ChatDb creates files as it works, the peers do not.
                ["file_create_us"] = Math.Round(fileCreateMicroseconds.Start, 1),
                ["file_create_us_end"] = Math.Round(fileCreateMicroseconds.End, 1),
            },
            ["quick"] = quick,
            ["scenarios"] = new JsonArray(outcomes.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Scenario.Name,
                ["unit"] = o.Scenario.Unit,
                ["chatdb"] = o.Result.ChatDb is { } c ? Math.Round(c, 2) : null,
                ["sqlite"] = o.Result.Sqlite is { } s ? Math.Round(s, 2) : null,
                ["ratio"] = o.Ratio is { } r ? Math.Round(r, 3) : null,
                ["postgres"] = o.Result.Postgres is { } p ? Math.Round(p, 2) : null,
                ["ratio_postgres"] = o.RatioPostgres is { } rp ? Math.Round(rp, 3) : null,
                ["goal"] = o.Scenario.Goal.ToString(),
                ["goal_met"] = o.Result.Missing is null ? o.GoalMet : null,
                ["missing"] = o.Missing,
            }).ToArray()),
        };
        await File.WriteAllTextAsync(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), cancellationToken);
    }

    private static int MinWorkerThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out _);
        return workers;
    }

    private static string FormatRatio(double? ratio) => ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Format(double? value) =>
        value is { } v ? v.ToString(v >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) : "-";
}
