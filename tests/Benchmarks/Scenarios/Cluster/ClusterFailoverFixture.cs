using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatDb.Benchmarks.Scenarios.Cluster;

/// <summary>
/// Runs the failover proof once for both <see cref="ClusterFailoverScenario"/>s: <c>FailoverTests</c> of
/// tests/Cluster.Tests (3 silo processes on Redis membership and one shared data directory, one silo SIGKILLed per
/// round; docs/CLUSTER.md, "Failover") through <c>dotnet test</c>, <see cref="BenchmarkContext.Rounds"/> rounds, and
/// reads the seconds from the kill until every writer was acknowledged again from its report. Not run in quick mode
/// (silo processes for a minute or more); missing when <c>redis-server</c> is not installed.
/// </summary>
public sealed partial class ClusterFailoverFixture
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(20);

    private Task<(double? P50, double? Max, string? Missing)>? _measured;

    public Task<(double? P50, double? Max, string? Missing)> GetAsync(BenchmarkContext context, CancellationToken cancellationToken) =>
        _measured ??= MeasureAsync(context, cancellationToken);

    private static async Task<(double? P50, double? Max, string? Missing)> MeasureAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        if (context.Quick)
        {
            return (null, null, "not run in quick mode (3 silo processes for a minute or more): run without --quick, or scripts/failover.sh");
        }

        if (!OnPath("redis-server"))
        {
            return (null, null, "redis-server is not installed (the failover proof runs on Redis membership)");
        }

        var root = RepositoryRoot();
        if (root is null)
        {
            return (null, null, "no ChatDb.Orleans.sln above the benchmark's binaries: tests/Cluster.Tests cannot be found");
        }

        var report = Path.Join(context.NewDirectory("cluster_failover"), "report.txt");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "test", "tests/Cluster.Tests", "-c", "Release", "--filter", "FullyQualifiedName~FailoverTests" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHATDB_FAILOVER_ROUNDS"] = context.Rounds.ToString(CultureInfo.InvariantCulture);
        start.Environment["CHATDB_FAILOVER_REPORT"] = report;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet test did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(output, errors);
        var summary = File.Exists(report) ? File.ReadLines(report).LastOrDefault(l => l.StartsWith("cluster_failover_seconds", StringComparison.Ordinal)) : null;
        if (process.ExitCode != 0 || summary is null || Figures().Match(summary) is not { Success: true } match)
        {
            var tail = string.Join('\n', (await output).Split('\n').TakeLast(15));
            return (null, null, $"failed: FailoverTests exited {process.ExitCode}: {summary ?? tail}");
        }

        return (double.Parse(match.Groups["p50"].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups["max"].Value, CultureInfo.InvariantCulture), null);
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Join(directory, command)));

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "ChatDb.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    [GeneratedRegex(@"p50=(?<p50>[0-9.]+) max=(?<max>[0-9.]+)")]
    private static partial Regex Figures();
}
