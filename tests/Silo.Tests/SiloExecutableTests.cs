using System.Net;
using System.Text.Json;
using ChatDb.Cli;
using ChatDb.Storage.Flatfile.Locking;

namespace ChatDb.Silo.Tests;

/// <summary>The silo executable as an operator runs it: start, ready line, health, SIGTERM, the lock, bad settings.</summary>
public sealed class SiloExecutableTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-silo-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<SiloProcess> _silos = [];

    public SiloExecutableTests() => Directory.CreateDirectory(_root);

    private string DataDirectory => Path.Join(_root, "data");

    public void Dispose()
    {
        _silos.ForEach(silo => silo.Dispose());
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Silo_PrintsReady_ServesHealth_StopsCleanlyOnSigterm_AndReleasesTheLock()
    {
        var silo = Start();
        var ready = await silo.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);

        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        silo.Terminate();
        var exitCode = await silo.WaitForExitAsync(ExitTimeout, "after SIGTERM");

        Assert.Contains($"data={DataDirectory}", ready, StringComparison.Ordinal);
        Assert.Contains($"http=http://127.0.0.1:{silo.HttpPort}", ready, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(0, exitCode);
        Assert.Contains("lock released", silo.Output, StringComparison.Ordinal);

        // The lock was released: a new silo on the same directory starts.
        var next = Start();
        await next.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);
        next.Terminate();
        Assert.Equal(0, await next.WaitForExitAsync(ExitTimeout, "after SIGTERM (second start)"));
    }

    [Fact]
    public async Task SiloOfAnotherCluster_OnTheSameDataDirectory_ExitsAtOnceWithTheLockMessage()
    {
        var first = Start();
        await first.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);

        var second = Start();
        var exitCode = await second.WaitForExitAsync(SiloProcess.StartTimeout, "on a data directory of another cluster");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"data directory '{DataDirectory}' is in use by the silos of cluster '{first.ClusterId}' (the first was pid {first.Id}); "
            + $"this silo's cluster id is '{second.ClusterId}'", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.Output, StringComparison.Ordinal);
        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync(ExitTimeout, "after SIGTERM"));
    }

    [Fact]
    public async Task TwoSilosOfOneCluster_ShareTheDirectory_RefuseVerifyAndAnotherCluster_AndAreReleasedWhenKilled()
    {
        var first = Start();
        await first.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);
        var second = Start(arguments: ["--cluster-id", first.ClusterId, "--service-id", first.ClusterId]);
        await second.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);

        var verifyError = new StringWriter();
        var verifyExit = await CliRoot.Create().Parse(["verify", "--data", DataDirectory, "--quiet"]).InvokeAsync(new() { Output = new StringWriter(), Error = verifyError });
        Assert.Equal(2, verifyExit);
        Assert.Contains($"chatdb verify refused: data directory '{DataDirectory}' is in use by the silos of cluster '{first.ClusterId}'", verifyError.ToString(), StringComparison.Ordinal);

        // kill -9 of the first: the second still holds the directory for the cluster.
        first.KillHard();
        var stranger = Start();
        Assert.NotEqual(0, await stranger.WaitForExitAsync(SiloProcess.StartTimeout, "beside a silo of another cluster"));
        Assert.Contains($"is in use by the silos of cluster '{first.ClusterId}'", stranger.Output, StringComparison.Ordinal);

        // kill -9 of the second: nothing holds the directory any more.
        second.KillHard();
        using var offline = DataDirectoryLock.Acquire(DataDirectory);
        Assert.False(offline.IsShared);
    }

    [Theory]
    [InlineData("CHATDB_STORAGE__MAXMESSAGESIZEBYTES", "-1", "Storage:MaxMessageSizeBytes must be positive (was -1)")]
    [InlineData("CHATDB_STORAGE__USERDATADIRECTORYNAME", "../x", "Storage:UserDataDirectoryName must be a valid path name")]
    [InlineData("CHATDB_STORAGE__DURABILITY", "sometimes", "'Storage:Durability'")]
    [InlineData("CHATDB_RETENTION__DELETESESSIONSAFTERDAYS", "0", "Retention:DeleteSessionsAfterDays is 0; it must be at least 1 day")]
    public async Task InvalidSetting_ExitsNonZero_WithAMessageNamingTheSetting(string variable, string value, string message)
    {
        var silo = Start(new Dictionary<string, string> { [variable] = value });

        var exitCode = await silo.WaitForExitAsync(SiloProcess.StartTimeout, $"with {variable}={value}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetentionDeletingBeforeArchiving_ExitsNonZero_NamingBothSettings()
    {
        var silo = Start(new Dictionary<string, string>
        {
            ["CHATDB_RETENTION__ARCHIVESESSIONSAFTERDAYS"] = "30",
            ["CHATDB_RETENTION__DELETESESSIONSAFTERDAYS"] = "7",
        });

        var exitCode = await silo.WaitForExitAsync(SiloProcess.StartTimeout, "with delete-after below archive-after");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Retention:DeleteSessionsAfterDays (7) must exceed Retention:ArchiveSessionsAfterDays (30)", silo.Output, StringComparison.Ordinal);
    }

    private SiloProcess Start(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var silo = SiloProcess.Start(_root, DataDirectory, environment, arguments);
        _silos.Add(silo);
        return silo;
    }
}
