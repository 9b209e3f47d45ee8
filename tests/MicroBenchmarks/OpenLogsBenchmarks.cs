using BenchmarkDotNet.Attributes;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using Orleans.Runtime;

namespace ChatDb.MicroBenchmarks;

/// <summary>
/// What a fenced activation pays as it starts and as it ends (<see cref="FlatfileOpenLogs.CloseLogsOfAsync"/>: the logs
/// its grain left open are closed) while the silo holds 4,000 logs of other grains open, as a busy silo does (the cache
/// keeps up to 4,096).
/// </summary>
[MemoryDiagnoser]
public class OpenLogsBenchmarks
{
    private const int OpenLogs = 4_000;
    private readonly GrainId _grainWithNone = GrainId.Create("notebook", "none-open");
    private string _directory = string.Empty;
    private FlatfileOpenLogs _logs = null!;

    // Synchronous set-up and clean-up: BenchmarkDotNet's in-process toolchain does not wait for async ones.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "chatdb-micro-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        _logs = new FlatfileOpenLogs(new FlatfileStorageOptions { StorageBasePath = _directory, Durability = Durability.OsBuffered });
        for (var i = 0; i < OpenLogs; i++)
        {
            using var lease = await _logs.AcquireAsync(GrainId.Create("notebook", $"g{i}"), "events", (grain, name) => Path.Combine(_directory, $"{grain.Key}.{name}.jsonl"), create: true);
        }
    }

    [Benchmark]
    public Task CloseLogsOfAGrainWithNoneOpen() => _logs.CloseLogsOfAsync(_grainWithNone);

    private async Task CleanupAsync()
    {
        await _logs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
