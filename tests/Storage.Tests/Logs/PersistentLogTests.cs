using ChatDb.Storage.Logs;
using ChatDb.Storage.Memory;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Tests.Logs;

public sealed class PersistentLogTests
{
    private readonly GrainId _grain = GrainId.Create("test", "g1");

    [Fact]
    public async Task Load_ReadsTheStoredCount()
    {
        var storage = new ControlledLogStorage { StoredCount = 42 };
        var log = new PersistentLog<string>("messages", _grain, storage);

        await log.LoadAsync();

        Assert.Equal(42, log.Count);
    }

    [Fact]
    public async Task Append_PassesTheInMemoryCountAsExpectedCount()
    {
        var storage = new ControlledLogStorage { StoredCount = 5 };
        var log = new PersistentLog<string>("messages", _grain, storage);
        await log.LoadAsync();

        await log.AppendAsync("a");
        await log.AppendAsync(["b", "c"]);

        Assert.Equal([5L, 6L], storage.ExpectedCounts);
        Assert.Equal(8, log.Count);
    }

    [Fact]
    public async Task Append_AdvancesCountOnlyOnceTheStorageAcknowledged()
    {
        var storage = new ControlledLogStorage { HoldAppends = true };
        var log = new PersistentLog<string>("messages", _grain, storage);

        var append = log.AppendAsync(["a", "b"]);
        var countWhilePending = log.Count;
        storage.CompletePendingAppend(2);
        var sequence = await append;

        Assert.Equal(0, countWhilePending);
        Assert.Equal(2, sequence);
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task FailedAppend_LeavesTheCountUnchanged()
    {
        var storage = new ControlledLogStorage { HoldAppends = true };
        var log = new PersistentLog<string>("messages", _grain, storage);

        var append = log.AppendAsync("a");
        storage.FailPendingAppend(new IOException("disk full"));

        await Assert.ThrowsAsync<IOException>(() => append);
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public async Task Append_WhenAnotherWriterAppended_ThrowsInconsistentStateAndKeepsTheCount()
    {
        var storage = new MemoryGrainLogStorage("log-tests");
        var stale = new PersistentLog<string>("messages", _grain, storage);
        var other = new PersistentLog<string>("messages", _grain, storage);
        await stale.LoadAsync();
        await other.LoadAsync();
        await other.AppendAsync("from the other activation");

        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.AppendAsync("from the stale one"));

        Assert.Equal(0, stale.Count);
        Assert.Equal(1, await storage.CountAsync("messages", _grain));
    }

    [Fact]
    public async Task Append_OfOneEntry_ReturnsItsSequence_AndReadsSeeIt()
    {
        var log = new PersistentLog<string>("messages", _grain, new MemoryGrainLogStorage("log-tests"));
        await log.LoadAsync();

        var first = await log.AppendAsync("one");
        var second = await log.AppendAsync("two");
        var all = await log.ReadAsync(1, 10);
        var tail = await log.ReadTailAsync(1);

        Assert.Equal(1, first);
        Assert.Equal(2, second);
        Assert.Equal(["one", "two"], all.Select(e => e.Value));
        Assert.Equal("two", Assert.Single(tail).Value);
    }

    [Fact]
    public async Task Append_OfNoEntries_DoesNotCallTheStorage()
    {
        var storage = new ControlledLogStorage { StoredCount = 3 };
        var log = new PersistentLog<string>("messages", _grain, storage);
        await log.LoadAsync();

        var result = await log.AppendAsync(Array.Empty<string>());

        Assert.Equal(3, result);
        Assert.Equal(0, storage.AppendCalls);
    }

    [Fact]
    public async Task Append_WhenTheStorageReportsAnImpossibleCount_ThrowsIntegrityErrorAndKeepsTheCount()
    {
        var storage = new ControlledLogStorage { ReportedCountOverride = 7 };
        var log = new PersistentLog<string>("messages", _grain, storage);

        var error = await Assert.ThrowsAsync<IntegrityError>(() => log.AppendAsync("a"));

        Assert.Contains("messages", error.Message, StringComparison.Ordinal);
        Assert.Contains("test/g1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public async Task Clear_ResetsTheCount_AndTheNextAppendIsSequenceOne()
    {
        var log = new PersistentLog<string>("messages", _grain, new MemoryGrainLogStorage("log-tests"));
        await log.AppendAsync(["a", "b", "c"]);

        await log.ClearAsync();
        var countAfterClear = log.Count;
        var sequence = await log.AppendAsync("fresh");

        Assert.Equal(0, countAfterClear);
        Assert.Equal(1, sequence);
    }

    [Fact]
    public async Task Count_OfALogNotLoadedYet_Throws_UntilEnsureLoadedReadsIt()
    {
        var storage = new ControlledLogStorage { StoredCount = 9 };
        var log = new PersistentLog<string>("events", _grain, storage);

        var error = Assert.Throws<InvalidOperationException>(() => log.Count);
        var loadedBefore = log.IsLoaded;
        await log.EnsureLoadedAsync();

        Assert.Contains("events", error.Message, StringComparison.Ordinal);
        Assert.False(loadedBefore);
        Assert.True(log.IsLoaded);
        Assert.Equal(9, log.Count);
    }

    [Fact]
    public async Task Append_ToALogNotLoadedYet_ReadsTheStoredCountFirst_AndExpectsIt()
    {
        var storage = new ControlledLogStorage { StoredCount = 5 };
        var log = new PersistentLog<string>("events", _grain, storage);

        var sequence = await log.AppendAsync("a");

        Assert.Equal([5L], storage.ExpectedCounts);
        Assert.Equal(6, sequence);
        Assert.Equal(6, log.Count);
    }

    [Fact]
    public async Task EnsureLoaded_OfALoadedLog_KeepsItsCount_WithoutAskingTheStorageAgain()
    {
        var storage = new ControlledLogStorage { StoredCount = 2 };
        var log = new PersistentLog<string>("events", _grain, storage);
        await log.LoadAsync();
        storage.StoredCount = 40;

        await log.EnsureLoadedAsync();

        Assert.Equal(2, log.Count);
    }
}
