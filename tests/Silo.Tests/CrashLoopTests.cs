using ChatDb.CrashLoop;

namespace ChatDb.Silo.Tests;

/// <summary>
/// The CI-sized kill loop: the real silo executable SIGKILLed 20 times under 100 sessions of concurrent
/// writers, then every acknowledged message checked, every file parsed and `chatdb verify` run (scripts/crash-loop.sh runs the long one).
/// </summary>
public sealed class CrashLoopTests : IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-crashloop-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Silo_KilledTwentyTimesUnderWriters_KeepsEveryAcknowledgedMessageExactlyOnceInOrder()
    {
        var options = new CrashLoopOptions
        {
            DataDirectory = Path.Join(_root, "data"),
            SiloPath = Path.Join(AppContext.BaseDirectory, "ChatDb.Silo.dll"),
            ChatdbPath = Path.Join(AppContext.BaseDirectory, "chatdb.dll"),
            Kills = 20,
            Sessions = 100,
            Writers = 10,
            Seed = 20261122,
            MinKillDelay = TimeSpan.FromMilliseconds(20),
            MaxKillDelay = TimeSpan.FromMilliseconds(120),
        };
        using var log = new StringWriter();

        var result = await CrashLoopRunner.RunAsync(options, log, CancellationToken.None);

        Assert.True(result.Succeeded, result.Summary + "\n" + string.Join("\n", result.Failures));
        Assert.Equal(20, result.Kills);
        Assert.True(result.Acknowledged >= options.Sessions, $"Too few writes to mean anything: {result.Summary}");
        Assert.Equal(result.Acknowledged, result.Verified);
    }
}
