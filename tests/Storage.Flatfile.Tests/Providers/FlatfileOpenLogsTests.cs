using ChatDb.Runtime;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

public sealed class FlatfileOpenLogsTests : IAsyncLifetime
{
    private readonly FlatfileTestDirectory _data = new();
    private FlatfileOpenLogs _logs = null!;

    public Task InitializeAsync()
    {
        _logs = new FlatfileOpenLogs(_data.Directory.Options, capacity: 2);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _logs.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task MoreLogsThanTheCapacity_CloseTheLeastRecentlyUsed_AndReopenWithTheirRecords()
    {
        var storage = new FlatfileGrainLogStorage("lru", _data.Paths, _logs, _data.Directory.AtomicFile);
        var grains = Enumerable.Range(0, 6).Select(i => GrainId.Create("memory", $"g{i}")).ToArray();

        for (var round = 0; round < 3; round++)
        {
            foreach (var grain in grains)
            {
                await storage.AppendAsync("events", grain, [new Event(round)], round);
                Assert.True(_logs.Count <= _logs.Capacity, $"{_logs.Count} logs open, capacity {_logs.Capacity}");
            }
        }

        foreach (var grain in grains)
        {
            var read = await storage.ReadAsync<Event>("events", grain, 1, 10);
            Assert.Equal([0, 1, 2], read.Select(e => e.Value.Round));
        }
    }

    [Fact]
    public async Task ReadOfAMissingLog_CreatesNothing()
    {
        var lease = await _logs.AcquireAsync(Path.Join(_data.BasePath, "grains", "memory", "x", "events.jsonl"), create: false);

        Assert.Null(lease);
        Assert.False(Directory.Exists(Path.Join(_data.BasePath, "grains")));
    }

    private sealed record Event(int Round);
}
