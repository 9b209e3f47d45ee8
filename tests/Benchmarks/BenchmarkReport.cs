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
        Console.WriteLine($"{"scenario".PadRight(width)}  {"unit",-12} {"chatdb",12} {"sqlite",12} {"ratio",8}");
        foreach (var outcome in outcomes)
        {
            Console.WriteLine(
                $"{outcome.Scenario.Name.PadRight(width)}  {outcome.Scenario.Unit,-12} {Format(outcome.Result.ChatDb),12} " +
                $"{Format(outcome.Result.Sqlite),12} {(outcome.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-"),8}");
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
            },
            ["quick"] = quick,
            ["scenarios"] = new JsonArray(outcomes.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Scenario.Name,
                ["unit"] = o.Scenario.Unit,
                ["chatdb"] = Math.Round(o.Result.ChatDb, 2),
                ["sqlite"] = o.Result.Sqlite is { } s ? Math.Round(s, 2) : null,
                ["ratio"] = o.Ratio is { } r ? Math.Round(r, 3) : null,
            }).ToArray()),
        };
        await File.WriteAllTextAsync(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), cancellationToken);
    }

    private static string Format(double? value) =>
        value is { } v ? v.ToString(v >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) : "-";
}
