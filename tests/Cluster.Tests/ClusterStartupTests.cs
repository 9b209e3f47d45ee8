using ChatDb.Silo.Tests;

namespace ChatDb.Cluster.Tests;

/// <summary>The silo executable refuses bad cluster settings before it listens: exit code 1 and one line naming the setting, never the secret.</summary>
public sealed class ClusterStartupTests : IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-cluster-startup-" + Guid.NewGuid().ToString("N"));
    private readonly List<SiloProcess> _silos = [];

    public void Dispose()
    {
        _silos.ForEach(silo => silo.Dispose());
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("CHATDB_CLUSTER__MEMBERSHIP", "redis", "", "ChatDb silo cannot start: Cluster:ConnectionString (or Cluster:ConnectionStringFile) is required for Cluster:Membership 'redis'")]
    [InlineData("CHATDB_CLUSTER__MEMBERSHIP", "azure", "AccountKey=do-not-print-me", "ChatDb silo cannot start: Cluster:ConnectionString is not an Azure Storage connection string")]
    [InlineData("CHATDB_CLUSTER__PROBETIMEOUTSECONDS", "0", "", "ChatDb silo cannot start: Cluster:ProbeTimeoutSeconds must be a number from 0.5 to 60 (was '0').")]
    public async Task BadClusterSetting_StopsTheStart_WithOneLineNamingIt(string variable, string value, string connectionString, string message)
    {
        Directory.CreateDirectory(Path.Join(_root, "data"));
        var environment = new Dictionary<string, string> { [variable] = value };
        if (connectionString.Length > 0)
        {
            environment["CHATDB_CLUSTER__CONNECTIONSTRING"] = connectionString;
        }

        var silo = SiloProcess.Start(_root, Path.Join(_root, "data"), environment);
        _silos.Add(silo);

        Assert.Equal(1, await silo.WaitForExitAsync(SiloProcess.StartTimeout, $"with {variable}={value}"));
        Assert.Contains(message, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-print-me", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready", silo.Output, StringComparison.Ordinal);
    }
}
