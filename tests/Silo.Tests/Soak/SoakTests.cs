namespace ChatDb.Silo.Tests.Soak;

/// <summary>
/// The soak test against the real silo executable on a flatfile data directory over HTTP. CI runs the
/// small size (<see cref="SoakSettings.Ci"/>); <c>scripts/soak.sh</c> runs 1,000 sessions x 100 messages
/// with 64 writers through the environment variables of <see cref="SoakSettings"/> and prints the summary
/// (also written to <c>CHATDB_SOAK_REPORT</c> when set).
/// </summary>
public sealed class SoakTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(30);
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-soak-" + Guid.NewGuid().ToString("N"));
    private SiloProcess? _silo;

    public SoakTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        _silo?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Soak_ConcurrentWritersAndReaders_LoseNothing_DuplicateNothing_AndNeverShowAPartialMessage()
    {
        var settings = SoakSettings.FromEnvironment();
        _silo = SiloProcess.Start(_root, Path.Join(_root, "data"));
        await _silo.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);
        using var timeout = new CancellationTokenSource(RunTimeout);

        var result = await new SoakRun(_silo.HttpAddress, _silo.Id, settings).RunAsync(timeout.Token);

        if (Environment.GetEnvironmentVariable("CHATDB_SOAK_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, result.Summary + Environment.NewLine);
        }

        // The silo's own output goes with a failure: a silo that stopped answering says why there.
        Assert.True(result.Violations.Count == 0, result.Summary + "\n" + string.Join("\n", result.Violations.Take(10)) + "\nsilo output:\n" + _silo.Output);
        Assert.Equal(settings.TotalMessages, result.Acknowledged);
        Assert.True(result.MessagesReadWhileWriting > 0, "the readers checked no message while the writers ran: " + result.Summary);
        _silo.Terminate();
        Assert.Equal(0, await _silo.WaitForExitAsync(TimeSpan.FromSeconds(30), "after SIGTERM at the end of the soak"));
    }
}
