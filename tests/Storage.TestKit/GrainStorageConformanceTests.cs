using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.TestKit;

/// <summary>
/// What every Orleans <see cref="IGrainStorage"/> of ChatDb must do (Orleans' <c>GrainStorageTestRunner</c>),
/// beyond Orleans' own rules: a missing record and a cleared one leave the default state in the grain
/// state (a new instance for classes with a parameterless constructor, null for positional records), never
/// an uninitialised object. Derive one sealed class per provider and implement
/// <see cref="ProviderConformanceTests{TProvider}.CreateProviderAsync"/>. The suite does not fix the ETag a
/// clear returns (a new one, or null): it only requires that a write with that ETag succeeds and a write
/// with an ETag from before the clear fails.
/// </summary>
public abstract class GrainStorageConformanceTests : ProviderConformanceTests<IGrainStorage>
{
    protected virtual string StateName => "state";

    protected virtual string OtherStateName => "other";

    [Fact]
    public async Task Read_OfMissingRecord_ReportsNoRecordNoEtagAndAFreshState()
    {
        var grainState = new GrainState<ConformanceState>(null!);

        await Provider.ReadStateAsync(StateName, NewGrainId(), grainState);

        Assert.False(grainState.RecordExists);
        Assert.Null(grainState.ETag);
        Assert.NotNull(grainState.State);
        Assert.Equal(0, grainState.State!.Counter);
    }

    [Fact]
    public async Task Read_OfMissingRecord_ResetsAGrainStateThatHeldAnotherRecord()
    {
        var grainState = new GrainState<ConformanceState>(new ConformanceState { Name = "leftover", Counter = 9 })
        {
            ETag = "leftover-etag",
            RecordExists = true,
        };

        await Provider.ReadStateAsync(StateName, NewGrainId(), grainState);

        Assert.False(grainState.RecordExists);
        Assert.Null(grainState.ETag);
        Assert.Equal(0, grainState.State!.Counter);
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsTheStateWithEtagAndRecordExists()
    {
        var grain = NewGrainId();
        var written = await WriteNewAsync(grain, "first", 1);

        var read = await ReadAsync(grain);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("first", read.State!.Name);
        Assert.Equal(1, read.State!.Counter);
    }

    [Fact]
    public async Task Write_ChangesTheEtagEveryTime()
    {
        var grain = NewGrainId();
        var grainState = await WriteNewAsync(grain, "v1", 1);
        var seen = new HashSet<string> { grainState.ETag! };

        for (var i = 2; i <= 5; i++)
        {
            grainState.State!.Counter = i;
            await Provider.WriteStateAsync(StateName, grain, grainState);
            Assert.True(seen.Add(grainState.ETag!), $"write {i} returned the ETag {grainState.ETag} a previous write returned");
        }

        Assert.Equal(5, (await ReadAsync(grain)).State!.Counter);
    }

    [Fact]
    public async Task Write_WithStaleEtag_ThrowsInconsistentStateAndKeepsTheFirstWritersValue()
    {
        var grain = NewGrainId();
        await WriteNewAsync(grain, "original", 0);
        var first = await ReadAsync(grain);
        var second = await ReadAsync(grain);
        var staleEtag = second.ETag;

        first.State!.Name = "first writer";
        await Provider.WriteStateAsync(StateName, grain, first);
        second.State!.Name = "second writer";
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.WriteStateAsync(StateName, grain, second));

        Assert.Equal("first writer", (await ReadAsync(grain)).State!.Name);
        Assert.Equal(first.ETag, error.StoredEtag);
        Assert.Equal(staleEtag, error.CurrentEtag);
        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(StateName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedWrite_LeavesTheCallersEtagAndRecordExistsUnchanged()
    {
        var grain = NewGrainId();
        await WriteNewAsync(grain, "original", 0);
        var stale = await ReadAsync(grain);
        var staleEtag = stale.ETag;
        await Provider.WriteStateAsync(StateName, grain, await ReadAsync(grain));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.WriteStateAsync(StateName, grain, stale));

        Assert.Equal(staleEtag, stale.ETag);
        Assert.True(stale.RecordExists);
    }

    [Fact]
    public async Task Write_WithNoEtagOverAnExistingRecord_ThrowsInconsistentState()
    {
        var grain = NewGrainId();
        await WriteNewAsync(grain, "existing", 1);
        var blind = new GrainState<ConformanceState>(new ConformanceState { Name = "blind" });

        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.WriteStateAsync(StateName, grain, blind));

        Assert.Equal("existing", (await ReadAsync(grain)).State!.Name);
    }

    [Fact]
    public async Task Write_WithAnEtagWhenNothingIsStored_ThrowsInconsistentState()
    {
        var grain = NewGrainId();
        var invented = new GrainState<ConformanceState>(new ConformanceState { Name = "invented" }) { ETag = "12345" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.WriteStateAsync(StateName, grain, invented));

        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task Clear_RemovesTheRecord()
    {
        var grain = NewGrainId();
        var grainState = await WriteNewAsync(grain, "doomed", 3);

        await Provider.ClearStateAsync(StateName, grain, grainState);
        var read = await ReadAsync(grain);

        Assert.False(grainState.RecordExists);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Counter);
        Assert.Equal("", read.State!.Name);
    }

    [Fact]
    public async Task Clear_LeavesTheDefaultStateInTheGrainState_AFreshInstanceOrNull()
    {
        var grain = NewGrainId();
        var grainState = await WriteNewAsync(grain, "doomed", 3);
        var positional = new GrainState<PositionalState>(new PositionalState("doomed", 1, []));
        await Provider.WriteStateAsync(OtherStateName, grain, positional);

        await Provider.ClearStateAsync(StateName, grain, grainState);
        await Provider.ClearStateAsync(OtherStateName, grain, positional);

        Assert.Equal("", grainState.State!.Name);
        Assert.Equal(0, grainState.State!.Counter);
        Assert.Null(positional.State);
        Assert.False(positional.RecordExists);
    }

    [Fact]
    public async Task Clear_ThenWriteWithTheEtagTheClearReturned_Succeeds()
    {
        var grain = NewGrainId();
        var grainState = await WriteNewAsync(grain, "before", 1);
        await Provider.ClearStateAsync(StateName, grain, grainState);

        grainState.State = new ConformanceState { Name = "after", Counter = 2 };
        await Provider.WriteStateAsync(StateName, grain, grainState);
        var read = await ReadAsync(grain);

        Assert.True(read.RecordExists);
        Assert.Equal("after", read.State!.Name);
        Assert.Equal(grainState.ETag, read.ETag);
    }

    [Fact]
    public async Task Read_AfterClear_ThenWriteWithTheReadEtag_Succeeds()
    {
        var grain = NewGrainId();
        await Provider.ClearStateAsync(StateName, grain, await WriteNewAsync(grain, "before", 1));

        var fresh = await ReadAsync(grain);
        fresh.State!.Name = "reborn";
        await Provider.WriteStateAsync(StateName, grain, fresh);

        Assert.Equal("reborn", (await ReadAsync(grain)).State!.Name);
    }

    [Fact]
    public async Task Clear_WithStaleEtag_ThrowsInconsistentStateAndKeepsTheRecord()
    {
        var grain = NewGrainId();
        var stale = await WriteNewAsync(grain, "v1", 1);
        var current = await ReadAsync(grain);
        current.State!.Name = "v2";
        await Provider.WriteStateAsync(StateName, grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.ClearStateAsync(StateName, grain, stale));

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal("v2", read.State!.Name);
    }

    [Fact]
    public async Task Write_WithAnEtagFromBeforeAnotherWritersClear_ThrowsInconsistentState()
    {
        var grain = NewGrainId();
        await WriteNewAsync(grain, "shared", 1);
        var clearer = await ReadAsync(grain);
        var stale = await ReadAsync(grain);
        await Provider.ClearStateAsync(StateName, grain, clearer);

        stale.State!.Name = "resurrected";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.WriteStateAsync(StateName, grain, stale));

        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task Clear_OfMissingRecord_Succeeds()
    {
        var grain = NewGrainId();
        var grainState = new GrainState<ConformanceState>(new ConformanceState());

        await Provider.ClearStateAsync(StateName, grain, grainState);

        Assert.False(grainState.RecordExists);
        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task States_OfDifferentGrains_AreIsolated()
    {
        var a = NewGrainId();
        var b = NewGrainId();
        await WriteNewAsync(a, "a", 1);
        await WriteNewAsync(b, "b", 2);

        await Provider.ClearStateAsync(StateName, a, await ReadAsync(a));

        Assert.False((await ReadAsync(a)).RecordExists);
        Assert.Equal("b", (await ReadAsync(b)).State!.Name);
    }

    [Fact]
    public async Task States_WithDifferentNames_AreIsolated()
    {
        var grain = NewGrainId();
        await WriteNewAsync(grain, "main", 1);
        var other = new GrainState<ConformanceState>(new ConformanceState { Name = "other" });
        await Provider.WriteStateAsync(OtherStateName, grain, other);

        var main = await ReadAsync(grain);
        main.State!.Name = "main v2";
        await Provider.WriteStateAsync(StateName, grain, main);
        var otherRead = new GrainState<ConformanceState>(new ConformanceState());
        await Provider.ReadStateAsync(OtherStateName, grain, otherRead);

        Assert.Equal("other", otherRead.State!.Name);
        Assert.Equal(other.ETag, otherRead.ETag);
        Assert.Equal("main v2", (await ReadAsync(grain)).State!.Name);
    }

    [Fact]
    public async Task ComplexNestedState_RoundTrips()
    {
        var grain = NewGrainId();
        var state = NewComplexState();
        await Provider.WriteStateAsync(StateName, grain, new GrainState<ConformanceState>(state));

        var read = await ReadAsync(grain);

        JsonAssert.Equivalent(state, read.State);
        Assert.Equal(AwkwardText.Value, read.State!.Name);
    }

    [Fact]
    public async Task PositionalRecordState_RoundTrips_AndReadsAsNullWhenMissing()
    {
        var grain = NewGrainId();
        var missing = new GrainState<PositionalState>(null!);
        await Provider.ReadStateAsync(StateName, grain, missing);
        var state = new PositionalState(AwkwardText.Value, 42, ["a", "b"]);

        await Provider.WriteStateAsync(StateName, grain, new GrainState<PositionalState>(state));
        var read = new GrainState<PositionalState>(null!);
        await Provider.ReadStateAsync(StateName, grain, read);

        Assert.Null(missing.State);
        JsonAssert.Equivalent(state, read.State);
    }

    [Fact]
    public async Task Write_StoresACopy_SoLaterChangesToTheCallersObjectAreNotStored()
    {
        var grain = NewGrainId();
        var grainState = await WriteNewAsync(grain, "as written", 1);

        grainState.State!.Name = "changed in memory only";
        grainState.State!.Tags.Add("unsaved");
        var read = await ReadAsync(grain);

        Assert.Equal("as written", read.State!.Name);
        Assert.Empty(read.State!.Tags);
    }

    [Fact]
    public async Task Read_ReturnsItsOwnCopy_SoChangingItDoesNotChangeTheStore()
    {
        var grain = NewGrainId();
        await WriteNewAsync(grain, "stored", 1);

        var first = await ReadAsync(grain);
        first.State!.Name = "scribbled";
        var second = await ReadAsync(grain);

        Assert.NotSame(first.State, second.State);
        Assert.Equal("stored", second.State!.Name);
    }

    [Fact]
    public async Task ConcurrentWriters_WithTheSameEtag_ExactlyOneSucceeds()
    {
        const int writers = 8;
        for (var round = 0; round < 10; round++)
        {
            var grain = NewGrainId();
            var etag = (await WriteNewAsync(grain, "start", 0)).ETag;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
            {
                var grainState = new GrainState<ConformanceState>(new ConformanceState { Name = $"writer {writer}", Counter = writer }) { ETag = etag, RecordExists = true };
                await gate.Task;
                try
                {
                    await Provider.WriteStateAsync(StateName, grain, grainState);
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            })).ToArray();

            gate.SetResult();
            var succeeded = await WithTimeoutAsync(Task.WhenAll(attempts), $"{writers} concurrent writes to {grain}");

            Assert.Equal(1, succeeded.Count(s => s));
            var winner = Array.IndexOf(succeeded, true);
            Assert.Equal($"writer {winner}", (await ReadAsync(grain)).State!.Name);
        }
    }

    [Fact]
    public async Task ConcurrentWriters_OnDifferentGrains_AllSucceed()
    {
        var grains = Enumerable.Range(0, 16).Select(_ => NewGrainId()).ToArray();

        await WithTimeoutAsync(
            Task.WhenAll(grains.Select((grain, i) => Task.Run(async () => (await WriteNewAsync(grain, $"grain {i}", i)).ETag))),
            $"{grains.Length} concurrent first writes");

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal($"grain {i}", (await ReadAsync(grains[i])).State!.Name);
        }
    }

    [Fact]
    public async Task WrittenAndClearedState_SurvivesReopeningTheProvider()
    {
        var kept = NewGrainId();
        var cleared = NewGrainId();
        var state = NewComplexState();
        var keptState = new GrainState<ConformanceState>(state);
        await Provider.WriteStateAsync(StateName, kept, keptState);
        await Provider.ClearStateAsync(StateName, cleared, await WriteNewAsync(cleared, "gone", 1));

        await ReopenAsync();
        var read = await ReadAsync(kept);

        JsonAssert.Equivalent(state, read.State);
        Assert.Equal(keptState.ETag, read.ETag);
        Assert.False((await ReadAsync(cleared)).RecordExists);
    }

    protected async Task<GrainState<ConformanceState>> WriteNewAsync(GrainId grain, string name, int counter)
    {
        var grainState = new GrainState<ConformanceState>(new ConformanceState { Name = name, Counter = counter });
        await Provider.WriteStateAsync(StateName, grain, grainState);
        return grainState;
    }

    protected async Task<GrainState<ConformanceState>> ReadAsync(GrainId grain)
    {
        var grainState = new GrainState<ConformanceState>(new ConformanceState());
        await Provider.ReadStateAsync(StateName, grain, grainState);
        return grainState;
    }

    protected static ConformanceState NewComplexState() => new()
    {
        Name = AwkwardText.Value,
        Counter = int.MaxValue,
        // UTC with sub-millisecond digits: a provider may store instants normalised to UTC (the flatfile
        // format does, docs/STORAGE.md §3), so the offset is not part of the contract; the instant is.
        UpdatedAt = new DateTimeOffset(2026, 11, 22, 11, 45, 30, 123, 456, TimeSpan.Zero),
        Tags = ["alpha", "", AwkwardText.Value],
        Items = new Dictionary<string, ConformanceItem>
        {
            ["first"] = new("i-1", 0.25, [1, 2, 3], ConformanceKind.Text, AwkwardText.Value),
            ["sécond"] = new("i-2", -1e-300, [], ConformanceKind.Vector),
        },
        Primary = new ConformanceItem("p", double.MaxValue, [int.MinValue, int.MaxValue], ConformanceKind.None),
    };
}
