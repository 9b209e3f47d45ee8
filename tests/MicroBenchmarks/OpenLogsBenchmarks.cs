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
public class OpenLogsBenchmarks : DirectoryBenchmark
{
    private const int OpenLogs = 4_000;
    private readonly GrainId _grainWithNone = GrainId.Create("notebook", "none-open");
    private FlatfileOpenLogs _logs = null!;

    protected override async Task SetupAsync()
    {
        _logs = new FlatfileOpenLogs(new FlatfileStorageOptions { StorageBasePath = DataDirectory, Durability = Durability.OsBuffered });
        for (var i = 0; i < OpenLogs; i++)
        {
            using var lease = await _logs.AcquireAsync(GrainId.Create("notebook", $"g{i}"), "events", (grain, name) => Path.Combine(DataDirectory, $"{grain.Key}.{name}.jsonl"), create: true);
        }
    }

    [Benchmark]
    public Task CloseLogsOfAGrainWithNoneOpen() => _logs.CloseLogsOfAsync(_grainWithNone);

    protected override async Task CleanupAsync() => await _logs.DisposeAsync();
}
