using ChatDb.Storage.Tests.Cluster;
using ChatDb.Storage.Tests.Grains;
using Orleans;
using Orleans.Storage;

namespace ChatDb.Storage.Tests.Facets;

/// <summary>
/// <c>[LazyPersistentState]</c> on a real silo: not read at activation, read when the grain asks, and what a
/// write or clear before that first read does. The reads are counted by the "Recorded" provider.
/// </summary>
public sealed class LazyStateFacetTests(FacetCluster fixture) : IClassFixture<FacetCluster>
{
    [Fact]
    public async Task LazyStates_AreNotReadWhenTheGrainActivates_WhileThePersistentStateIs()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());

        await grain.PingAsync();

        var id = grain.GetGrainId();
        Assert.Equal(1, fixture.Recorded.ReadsOf("profile", id));
        Assert.Equal(0, fixture.Recorded.ReadsOf("context", id));
        Assert.Equal(0, fixture.Recorded.ReadsOf("documents", id));
    }

    [Fact]
    public async Task LazyState_IsReadWhenTheGrainAsks_AndSeesTheStoredRecord()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());
        await StoreContextAsync(grain, new TestProfile("stored", 7));
        await grain.PingAsync();

        var read = await grain.ReadContextAsync();

        Assert.Equal(new TestProfile("stored", 7), read);
        Assert.True(await grain.ContextRecordExistsAsync());
        Assert.Equal(1, fixture.Recorded.ReadsOf("context", grain.GetGrainId()));
    }

    [Fact]
    public async Task LazyStates_BeforeTheirFirstRead_HoldDefaultAndNoEtag_AndRecordExistsThrows()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());
        await StoreContextAsync(grain, new TestProfile("stored but not read", 1));

        var views = await grain.PeekUnreadAsync();

        // Null even for the class with a parameterless constructor: Orleans' bridge holds no state object yet.
        Assert.All(views, view => Assert.True(view.HoldsDefault));
        Assert.All(views, view => Assert.Null(view.Etag));
        Assert.All(views, view => Assert.Contains("not yet been loaded", view.RecordExistsError, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_BeforeTheFirstRead_OverAStoredRecord_IsRefused_AndKeepsTheRecord()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());
        await StoreContextAsync(grain, new TestProfile("stored", 1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.WriteContextAsync(new TestProfile("blind write", 2)));

        Assert.Equal(new TestProfile("stored", 1), await grain.ReadContextAsync());
    }

    [Fact]
    public async Task Write_BeforeTheFirstRead_WhenNothingIsStored_CreatesTheRecord()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());

        await grain.WriteContextAsync(new TestProfile("first write", 1));

        Assert.Equal(new TestProfile("first write", 1), await grain.ReadContextAsync());
    }

    [Fact]
    public async Task Clear_BeforeTheFirstRead_OverAStoredRecord_IsRefused_AndKeepsTheRecord()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());
        await StoreContextAsync(grain, new TestProfile("stored", 1));

        await Assert.ThrowsAsync<InconsistentStateException>(grain.ClearContextAsync);

        Assert.Equal(new TestProfile("stored", 1), await grain.ReadContextAsync());
    }

    [Fact]
    public async Task LazyStates_ReadWhenNothingIsStored_AreNullForARecord_AndAFreshInstanceForAClass()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());

        var context = await grain.ReadContextAsync();
        var documents = await grain.ReadDocumentsAsync();

        Assert.Null(context);
        Assert.False(await grain.ContextRecordExistsAsync());
        Assert.Equal("light", documents.Theme);
    }

    [Fact]
    public async Task PersistentAndLazyStatesOfOneType_EachReadTheirOwnRecord()
    {
        var grain = fixture.Grains.GetGrain<ILazyStateGrain>(FacetCluster.NewKey());
        await fixture.Recorded.WriteStateAsync("profile", grain.GetGrainId(), new GrainState<TestProfile?>(new TestProfile("profile", 1)));
        await StoreContextAsync(grain, new TestProfile("context", 2));

        Assert.Equal(new TestProfile("profile", 1), await grain.GetProfileAsync());
        Assert.Equal(new TestProfile("context", 2), await grain.ReadContextAsync());
    }

    private Task StoreContextAsync(ILazyStateGrain grain, TestProfile value) =>
        fixture.Recorded.WriteStateAsync("context", grain.GetGrainId(), new GrainState<TestProfile?>(value));
}
