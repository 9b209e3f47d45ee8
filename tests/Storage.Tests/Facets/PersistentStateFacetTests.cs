using ChatDb.Storage.Tests.Cluster;
using ChatDb.Storage.Tests.Grains;
using Orleans;

namespace ChatDb.Storage.Tests.Facets;

/// <summary>
/// Orleans' own <c>[PersistentState]</c> through the memory state storage: a missing or cleared record is
/// null for a positional record and a fresh instance for a class, never Orleans' uninitialised object.
/// </summary>
public sealed class PersistentStateFacetTests(FacetCluster fixture) : IClassFixture<FacetCluster>
{
    [Fact]
    public async Task PositionalRecordState_IsNull_WhenNothingIsStored()
    {
        var grain = fixture.Grains.GetGrain<IStateGrain>(FacetCluster.NewKey());

        Assert.Null(await grain.GetProfileAsync());
        Assert.False(await grain.ProfileRecordExistsAsync());
    }

    [Fact]
    public async Task PositionalRecordState_IsNullAgain_AfterAClear_InThisActivationAndTheNext()
    {
        var grain = fixture.Grains.GetGrain<IStateGrain>(FacetCluster.NewKey());
        await grain.SetProfileAsync(new TestProfile("doomed", 1));

        await grain.ClearProfileAsync();

        Assert.Null(await grain.GetProfileAsync());
        Assert.False(await grain.ProfileRecordExistsAsync());
        await FacetCluster.Within(fixture.Cluster.DeactivateAsync(grain), $"the deactivation of {grain.GetGrainId()}");
        Assert.Null(await grain.GetProfileAsync());
    }

    [Fact]
    public async Task ClassState_IsAFreshInstance_WhenNothingIsStored_AndAfterAClear()
    {
        var grain = fixture.Grains.GetGrain<IStateGrain>(FacetCluster.NewKey());
        var missing = await grain.GetSettingsAsync();
        await grain.SetThemeAsync("dark");

        await grain.ClearSettingsAsync();
        var cleared = await grain.GetSettingsAsync();

        Assert.Equal(("light", 0), (missing.Theme, missing.Revision));
        Assert.Equal(("light", 0), (cleared.Theme, cleared.Revision));
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        var grain = fixture.Grains.GetGrain<IStateGrain>(FacetCluster.NewKey());
        await grain.SetProfileAsync(new TestProfile("kept", 3));
        await grain.SetThemeAsync("dark");
        var firstActivation = await grain.GetActivationIdAsync();

        await FacetCluster.Within(fixture.Cluster.DeactivateAsync(grain), $"the deactivation of {grain.GetGrainId()}");

        Assert.NotEqual(firstActivation, await grain.GetActivationIdAsync());
        Assert.Equal(new TestProfile("kept", 3), await grain.GetProfileAsync());
        Assert.Equal(("dark", 1), ((await grain.GetSettingsAsync()).Theme, (await grain.GetSettingsAsync()).Revision));
    }
}
