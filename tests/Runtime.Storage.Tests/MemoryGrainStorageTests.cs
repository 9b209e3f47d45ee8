using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.TestKit;
using ChatDb.Storage;

namespace ChatDb.Runtime.Storage.Tests;

/// <summary>Choices the conformance suite leaves open, as the memory provider makes them.</summary>
public sealed class MemoryGrainStorageTests
{
    private readonly MemoryGrainStorage _storage = new("memory-tests");
    private readonly GrainId _grain = GrainId.Create("test", "g1");

    [Fact]
    public async Task Clear_LeavesANewEtag_AndReadsReturnIt()
    {
        var grainState = new GrainState<ConformanceState>(new ConformanceState { Name = "x" });
        await _storage.WriteStateAsync("s", _grain, grainState);
        var writtenEtag = grainState.ETag;

        await _storage.ClearStateAsync("s", _grain, grainState);
        var read = new GrainState<ConformanceState>(new ConformanceState());
        await _storage.ReadStateAsync("s", _grain, read);

        Assert.NotNull(grainState.ETag);
        Assert.NotEqual(writtenEtag, grainState.ETag);
        Assert.Equal(grainState.ETag, read.ETag);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Write_WithNoEtagOverATombstone_ThrowsInconsistentState()
    {
        var grainState = new GrainState<ConformanceState>(new ConformanceState());
        await _storage.WriteStateAsync("s", _grain, grainState);
        await _storage.ClearStateAsync("s", _grain, grainState);

        var blind = new GrainState<ConformanceState>(new ConformanceState());
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", _grain, blind));

        Assert.Equal(grainState.ETag, error.StoredEtag);
        Assert.Null(error.CurrentEtag);
    }

    [Fact]
    public async Task Clear_OfMissingRecord_LeavesNoEtag()
    {
        var grainState = new GrainState<ConformanceState>(new ConformanceState());

        await _storage.ClearStateAsync("s", _grain, grainState);

        Assert.Null(grainState.ETag);
    }

    [Fact]
    public async Task Clear_ResetsTheStateItWasGiven()
    {
        var grainState = new GrainState<ConformanceState>(new ConformanceState { Name = "x", Counter = 5 });
        await _storage.WriteStateAsync("s", _grain, grainState);

        await _storage.ClearStateAsync("s", _grain, grainState);

        Assert.Equal(0, grainState.State.Counter);
    }

    [Fact]
    public async Task Read_AsAnIncompatibleType_ThrowsIntegrityErrorNamingStateAndGrain()
    {
        await _storage.WriteStateAsync("s", _grain, new GrainState<ConformanceState>(new ConformanceState { Name = "text" }));

        var error = await Assert.ThrowsAsync<IntegrityError>(() => _storage.ReadStateAsync("s", _grain, new GrainState<int>(0)));

        Assert.Contains("'s'", error.Message, StringComparison.Ordinal);
        Assert.Contains("test/g1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_ConflictReportsTheCountsAsEtags()
    {
        var logs = new MemoryGrainLogStorage("memory-tests");
        await logs.AppendAsync("log", _grain, [1, 2, 3], 0);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => logs.AppendAsync("log", _grain, [4], 1));

        Assert.Equal("3", error.StoredEtag);
        Assert.Equal("1", error.CurrentEtag);
    }

    [Fact]
    public async Task Log_CancelledAppend_WritesNothing()
    {
        var logs = new MemoryGrainLogStorage("memory-tests");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => logs.AppendAsync("log", _grain, [1], 0, cancellation.Token));

        Assert.Equal(0, await logs.CountAsync("log", _grain));
    }
}
