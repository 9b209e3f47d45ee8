using System.Globalization;
using ChatDb.Cluster.Tests.Failover;
using ChatDb.Grains.Cluster;
using Xunit.Abstractions;

namespace ChatDb.Cluster.Tests;

/// <summary>
/// The failover proof (docs/CLUSTER.md, "Failover"): 3 silo processes on one shared data directory, writers through
/// REST on every silo and through an Orleans client, one silo SIGKILLed and started again per round. CI runs 2 rounds
/// on Redis membership; <c>scripts/failover.sh</c> runs more (<c>CHATDB_FAILOVER_ROUNDS</c>) and on Azure tables and
/// queues in Azurite (<c>CHATDB_FAILOVER_MEMBERSHIP=azure</c>), which CI covers with 2 silos in AzureMembershipTests.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    [Fact]
    public Task ThreeSilosOnOneDirectory_OneKilledPerRound_LoseNothingAcknowledged_AndEveryWriterAnswersAgain() =>
        ProveAsync(Environment.GetEnvironmentVariable("CHATDB_FAILOVER_MEMBERSHIP") is { Length: > 0 } name
            ? ClusterMemberships.Parse(name) ?? throw new ArgumentException($"CHATDB_FAILOVER_MEMBERSHIP must be redis or azure (was '{name}').")
            : ClusterMembership.Redis);

    private async Task ProveAsync(ClusterMembership membership)
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("CHATDB_FAILOVER_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 2;
        using var log = new StringWriter();

        var result = await new FailoverHarness(log, SiloStop.Kill, membership).RunAsync(rounds, Path.Join(AppContext.BaseDirectory, "chatdb.dll"));

        output.WriteLine(log.ToString());
        var sorted = result.RecoverySeconds.Order().ToList();
        var summary = sorted.Count == 0 ? "no round completed" : string.Create(CultureInfo.InvariantCulture,
            $"cluster_failover_seconds membership={membership.Name()} p50={sorted[(sorted.Count - 1) / 2]:F2} max={sorted[^1]:F2} rounds={sorted.Count}; acknowledged={result.Acknowledged} verified={result.Verified} retries={result.Retries} event_reconnects={result.EventReconnects}");
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("CHATDB_FAILOVER_REPORT") is { Length: > 0 } report)
        {
            await File.WriteAllTextAsync(report, log + summary + "\n");
        }

        Assert.True(result.Failures.Count == 0, summary + "\n" + string.Join("\n", result.Failures) + "\n" + log);
        Assert.Equal(rounds, result.RecoverySeconds.Count);
        Assert.True(result.Acknowledged > 100, $"Too few writes to mean anything: {summary}");
        Assert.Equal(result.Acknowledged, result.Verified);
        Assert.True(result.EventsKeptComing, "A session's events stopped arriving at a surviving silo after its grain moved.");
    }
}
