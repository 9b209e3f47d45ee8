using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.TestKit;

namespace ChatDb.Runtime.Storage.Tests;

public sealed class PersistentStateTests
{
    private readonly MemoryGrainStorage _storage = new("state-tests");
    private readonly GrainId _grain = GrainId.Create("test", "g1");

    [Fact]
    public void New_StartsWithAFreshInstanceForClasses_AndDefaultOtherwise()
    {
        Assert.NotNull(new PersistentState<ConformanceState>("s", _grain, _storage).State);
        Assert.Null(new PersistentState<PositionalState>("s", _grain, _storage).State);
        Assert.Null(new PersistentState<string>("s", _grain, _storage).State);
        Assert.Equal(0, new PersistentState<int>("s", _grain, _storage).State);
        Assert.False(new PersistentState<ConformanceState>("s", _grain, _storage).RecordExists);
        Assert.Null(new PersistentState<ConformanceState>("s", _grain, _storage).Etag);
    }

    [Fact]
    public async Task Write_ThenReadInAnotherInstance_SeesTheStateAndEtag()
    {
        var writer = new PersistentState<ConformanceState>("s", _grain, _storage);
        writer.State.Name = "written";
        await writer.WriteStateAsync();

        var reader = new PersistentState<ConformanceState>("s", _grain, _storage);
        await reader.ReadStateAsync();

        Assert.True(writer.RecordExists);
        Assert.True(reader.RecordExists);
        Assert.Equal("written", reader.State.Name);
        Assert.Equal(writer.Etag, reader.Etag);
    }

    [Fact]
    public async Task Clear_ResetsStateToAFreshInstance_AndRecordExistsToFalse()
    {
        var state = new PersistentState<ConformanceState>("s", _grain, _storage);
        state.State.Name = "doomed";
        await state.WriteStateAsync();
        var before = state.State;

        await state.ClearStateAsync();

        Assert.NotSame(before, state.State);
        Assert.Equal("", state.State.Name);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Clear_ThenWrite_Succeeds()
    {
        var state = new PersistentState<ConformanceState>("s", _grain, _storage);
        await state.WriteStateAsync();
        await state.ClearStateAsync();

        state.State.Name = "again";
        await state.WriteStateAsync();
        var reader = new PersistentState<ConformanceState>("s", _grain, _storage);
        await reader.ReadStateAsync();

        Assert.Equal("again", reader.State.Name);
    }

    [Fact]
    public async Task StaleWrite_Throws_AndLeavesStateAndEtagAsTheyWere()
    {
        var first = new PersistentState<ConformanceState>("s", _grain, _storage);
        await first.WriteStateAsync();
        var second = new PersistentState<ConformanceState>("s", _grain, _storage);
        await second.ReadStateAsync();
        await second.WriteStateAsync();
        var etagBefore = first.Etag;
        first.State.Name = "lost";

        await Assert.ThrowsAsync<InconsistentStateException>(first.WriteStateAsync);

        Assert.Equal(etagBefore, first.Etag);
        Assert.Equal("lost", first.State.Name);
    }

    [Fact]
    public async Task FailedClear_KeepsTheStateTheGrainHad()
    {
        var first = new PersistentState<ConformanceState>("s", _grain, _storage);
        first.State.Name = "kept";
        await first.WriteStateAsync();
        var second = new PersistentState<ConformanceState>("s", _grain, _storage);
        await second.ReadStateAsync();
        await second.WriteStateAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(first.ClearStateAsync);

        Assert.Equal("kept", first.State.Name);
        Assert.True(first.RecordExists);
    }

    [Fact]
    public void ToString_NamesTheStateAndTheGrain()
    {
        var text = new PersistentState<int>("profile", _grain, _storage).ToString();

        Assert.Contains("profile", text, StringComparison.Ordinal);
        Assert.Contains("test/g1", text, StringComparison.Ordinal);
    }
}
