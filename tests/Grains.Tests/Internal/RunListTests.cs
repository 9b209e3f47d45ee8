using ChatDb.Grains.Internal;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Memory;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests.Internal;

/// <summary>A run list as a log: a repeat is found in the recent tail, listing reads the tail and shows each run once.</summary>
public sealed class RunListTests
{
    private readonly CountingLogStorage _storage = new(new MemoryGrainLogStorage("runs"));
    private readonly GrainId _grain = GrainId.Create("agent", "alice/planner");

    private (RunList List, PersistentLog<RunListEntry> Log) Open()
    {
        var log = new PersistentLog<RunListEntry>("runs", _grain, _storage);
        return (new RunList(log), log);
    }

    private static List<string> NewIds(int count) => [.. Enumerable.Range(0, count).Select(_ => ChatGrainKeys.NewRunId())];

    [Fact]
    public async Task AddAsync_SkipsAnIdAmongTheNewest_TellsTheFirst_AndAppendsARepeatOlderThanTheWindow()
    {
        var (list, log) = Open();
        var ids = NewIds(RunList.RecentWindow + 1);

        var first = await list.AddAsync(ids[0]);
        var second = await list.AddAsync(ids[1]);
        var repeat = await list.AddAsync(ids[0]);
        foreach (var id in ids.Skip(2))
        {
            await list.AddAsync(id);
        }

        // ids[0] is now older than the newest RecentWindow entries, in this activation and in a fresh one.
        var (reopened, reopenedLog) = Open();
        var again = await reopened.AddAsync(ids[0]);
        var recent = await reopened.AddAsync(ids[^1]);

        Assert.Equal((true, true), first);
        Assert.Equal((true, false), second);
        Assert.Equal((false, false), repeat);
        Assert.Equal((true, false), again);
        Assert.Equal((false, false), recent);
        Assert.Equal(ids.Count + 1, reopenedLog.Count);
        Assert.Equal(ids.Count, log.Count);
    }

    [Fact]
    public async Task NewestAsync_IsNewestFirst_ShowsARepeatedRunOnce_ReadingFurtherBackOnlyWhenARepeatTookAPlace()
    {
        var (list, log) = Open();
        var ids = NewIds(RunList.RecentWindow + 2);
        foreach (var id in ids)
        {
            await list.AddAsync(id);
        }

        // ids[1] is no longer among the newest RecentWindow entries, so its repeat is appended.
        await list.AddAsync(ids[1]);
        _storage.ResetReads();

        var newest = await list.NewestAsync(3, "runs of agent planner");
        var readsForThree = _storage.Reads;
        var all = await list.NewestAsync(ids.Count, "runs of agent planner");

        Assert.Equal(ids.Count + 1, log.Count);
        Assert.Equal([ids[1], ids[^1], ids[^2]], newest);
        Assert.Equal(1, readsForThree);
        Assert.Equal(ids.Count, all.Count);
        Assert.Equal(ids.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal((ids[1], ids[0]), (all[0], all[^1]));
        Assert.Equal(3, _storage.Reads);
        var error = await Assert.ThrowsAsync<ValidationError>(() => list.NewestAsync(0, "runs of agent planner"));
        Assert.Contains("runs of agent planner: limit 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForEachAsync_VisitsEveryEntryOldestFirst_AcrossPages()
    {
        var (list, _) = Open();
        var ids = NewIds(1100);
        foreach (var id in ids)
        {
            await list.AddAsync(id);
        }

        var seen = new List<string>();
        var count = await list.ForEachAsync(id =>
        {
            seen.Add(id);
            return Task.CompletedTask;
        });
        await list.ClearAsync();

        Assert.Equal(ids, seen);
        Assert.Equal(1100, count);
        Assert.Equal(0, await _storage.CountAsync("runs", _grain));
    }
}
