using System.Globalization;
using ChatDb.Cluster.Tests.Failover;
using Xunit.Abstractions;

namespace ChatDb.Cluster.Tests;

/// <summary>
/// The rolling-restart proof on Redis membership (docs/CLUSTER.md, "Rolling restart"): the failover harness's 3 silo
/// processes on one shared data directory and its writers, each silo in turn stopped with SIGTERM (waited for until it
/// has exited), started again and waited for until <c>/health</c> says ready. A silo that stops cleanly hands its grains
/// over: no add may fail beyond its retries, and nothing acknowledged may be lost or stored twice.
/// CI restarts each silo once; <c>scripts/rolling-restart.sh</c> runs more rounds (<c>CHATDB_ROLLING_ROUNDS</c>).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeSilosOnOneDirectory_EachRestartedWithSigterm_FailNoCallThatRetries_AndLoseNothingAcknowledged()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("CHATDB_ROLLING_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0
            ? r
            : FailoverHarness.Silos;
        using var log = new StringWriter();

        var result = await new FailoverHarness(log, SiloStop.Terminate).RunAsync(rounds, Path.Join(AppContext.BaseDirectory, "chatdb.dll"));

        output.WriteLine(log.ToString());
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"rolling_restart rounds={result.RecoverySeconds.Count} failed_calls={result.FailedCalls} retries={result.Retries} "
            + $"longest_call_s={result.LongestCallSeconds:F2} writer_pause_s={Figures(result.RecoverySeconds)} sigterm_to_exit_s={Figures(result.StopSeconds)} "
            + $"start_to_ready_s={Figures(result.RestartSeconds)}; acknowledged={result.Acknowledged} verified={result.Verified} event_reconnects={result.EventReconnects}");
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("CHATDB_ROLLING_REPORT") is { Length: > 0 } report)
        {
            await File.WriteAllTextAsync(report, log + summary + "\n");
        }

        Assert.True(result.Failures.Count == 0, summary + "\n" + string.Join("\n", result.Failures) + "\n" + log);
        Assert.Equal(rounds, result.RecoverySeconds.Count);
        Assert.Equal(rounds, result.StopSeconds.Count);
        Assert.True(result.Acknowledged > 100, $"Too few writes to mean anything: {summary}");
        Assert.Equal(result.Acknowledged, result.Verified);
        Assert.True(result.FailedCalls == 0,
            $"{result.FailedCalls} adds were not acknowledged within {FailoverWriter.FailedCallBound.TotalSeconds} s of their first attempt, retries included: {summary}\n{log}");
    }

    /// <summary>p50 and max of the rounds' figures, e.g. <c>1.20/2.31</c>.</summary>
    private static string Figures(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return "none";
        }

        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[(sorted.Count - 1) / 2]:F2}/{sorted[^1]:F2}");
    }
}
