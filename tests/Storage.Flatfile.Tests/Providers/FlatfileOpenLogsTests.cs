using Orleans.Runtime;
using ChatDb.Storage.Flatfile.Maintenance;
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
        var grains = Enumerable.Range(0, 6).Select(i => GrainId.Create("notebook", $"g{i}")).ToArray();

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
    public async Task CloseLogsOf_ClosesEveryLogOfThatGrain_AndNoneOfAnother_AndTheNextUseReopens()
    {
        await using var logs = new FlatfileOpenLogs(_data.Directory.Options, capacity: 16);
        var storage = new FlatfileGrainLogStorage("by-grain", _data.Paths, logs, _data.Directory.AtomicFile);
        var (closed, kept) = (GrainId.Create("notebook", "closed"), GrainId.Create("notebook", "kept"));
        foreach (var grain in new[] { closed, kept })
        {
            await storage.AppendAsync("events", grain, [new Event(1)], 0);
            await storage.AppendAsync("notes", grain, [new Event(1)], 0);
        }

        var before = logs.Count;
        await logs.CloseLogsOfAsync(closed);
        var after = logs.Count;
        await logs.CloseLogsOfAsync(closed);
        var again = logs.Count;
        await storage.AppendAsync("events", closed, [new Event(2)], 1);

        Assert.Equal((4, 2, 2), (before, after, again));
        Assert.Equal([1, 2], (await storage.ReadAsync<Event>("events", closed, 1, 10)).Select(e => e.Value.Round));
        Assert.Equal(3, logs.Count);
        await logs.CloseLogsOfAsync(kept);
        Assert.Equal(1, logs.Count);
    }

    [Fact]
    public async Task ReadOfAMissingLog_CreatesNothing()
    {
        var lease = await _logs.AcquireAsync(Path.Join(_data.BasePath, "grains", "notebook", "x", "events.jsonl"), create: false);

        Assert.Null(lease);
        Assert.False(Directory.Exists(Path.Join(_data.BasePath, "grains")));
    }

    [Fact]
    public async Task ArchivedLog_IsInflatedOnFirstUse_SoReadsAndAppendsSeeEveryRecord()
    {
        var storage = new FlatfileGrainLogStorage("archive", _data.Paths, _logs, _data.Directory.AtomicFile);
        var grain = GrainId.Create("notebook", "archived");
        await storage.AppendAsync("events", grain, [new Event(1), new Event(2)], 0);
        var path = _data.Paths.LogFile(grain, "events");
        await _logs.CloseAsync(path);
        await ArchivedSessions.ArchiveAsync(path, _data.Directory.AtomicFile);
        Assert.True(ArchivedSessions.IsArchived(path), "the log should exist only compressed before the read");

        var read = await storage.ReadAsync<Event>("events", grain, 1, 10);
        await storage.AppendAsync("events", grain, [new Event(3)], 2);

        Assert.Equal([1, 2], read.Select(e => e.Value.Round));
        Assert.False(File.Exists(ArchivedSessions.ArchivePathFor(path)), "the archive should be gone once inflated");
        Assert.Equal(3, await storage.CountAsync("events", grain));
    }

    private sealed record Event(int Round);
}
