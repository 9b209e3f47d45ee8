using ChatDb.Storage.Tests.Cluster;
using ChatDb.Storage.Tests.Grains;
using Orleans;
using Orleans.Storage;

namespace ChatDb.Storage.Tests.Facets;

/// <summary><c>[PersistentLog]</c> on a real silo: loaded before activation, kept across activations, fenced by the expected count.</summary>
public sealed class PersistentLogFacetTests(FacetCluster fixture) : IClassFixture<FacetCluster>
{
    [Fact]
    public async Task Count_IsLoadedInSetupState_BeforeTheActivateStageAndOnActivateAsync()
    {
        var grain = fixture.Grains.GetGrain<ILogGrain>(FacetCluster.NewKey());
        await fixture.Logs("Default").AppendAsync("notes", grain.GetGrainId(), Notes("one", "two", "three"), expectedCount: 0);

        var seenAtActivateStage = await grain.GetCountSeenAtActivateStageAsync();
        var seenAtActivation = await grain.GetCountSeenAtActivationAsync();

        Assert.Equal(3, seenAtActivateStage);
        Assert.Equal(3, seenAtActivation);
    }

    [Fact]
    public async Task Append_Read_AndTail_SurviveDeactivation()
    {
        var grain = fixture.Grains.GetGrain<ILogGrain>(FacetCluster.NewKey());
        await grain.AppendAsync(["a", "b"]);
        await grain.AppendAsync(["c"]);
        var firstActivation = await grain.GetActivationIdAsync();

        await FacetCluster.Within(fixture.Cluster.DeactivateAsync(grain), $"the deactivation of {grain.GetGrainId()}");

        Assert.NotEqual(firstActivation, await grain.GetActivationIdAsync());
        Assert.Equal(3, await grain.GetCountSeenAtActivationAsync());
        Assert.Equal([(1L, 1, "a"), (2L, 2, "b"), (3L, 3, "c")], (await grain.ReadAsync(1, 10)).Select(n => (n.Sequence, n.Number, n.Text)));
        Assert.Equal(["b", "c"], (await grain.ReadTailAsync(2)).Select(n => n.Text));
        Assert.Equal(4, await grain.AppendAsync(["d"]));
    }

    [Fact]
    public async Task Append_AfterAnotherWriterAppended_IsRefused_WritesNothing_AndTheNextActivationContinues()
    {
        var grain = fixture.Grains.GetGrain<ILogGrain>(FacetCluster.NewKey());
        Assert.Equal(0, await grain.GetCountAsync());
        var storage = fixture.Logs("Default");
        await storage.AppendAsync("notes", grain.GetGrainId(), Notes("from another writer"), expectedCount: 0);
        var deactivated = fixture.Cluster.WaitForDeactivationAsync(grain);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AppendAsync(["from the stale activation"]));

        Assert.Contains("expected count 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(["from another writer"], (await storage.ReadAsync<TestNote>("notes", grain.GetGrainId(), 1, 10)).Select(e => e.Value.Text));
        // Orleans deactivates an activation that lets InconsistentStateException escape; the next one reloads the count.
        await FacetCluster.Within(deactivated, $"Orleans to deactivate {grain.GetGrainId()} after its refused append");
        Assert.Equal(1, await grain.GetCountSeenAtActivationAsync());
        Assert.Equal(2, await grain.AppendAsync(["after reloading"]));
    }

    [Fact]
    public async Task Clear_ResetsTheCount_AndNumberingRestartsAtOne()
    {
        var grain = fixture.Grains.GetGrain<ILogGrain>(FacetCluster.NewKey());
        await grain.AppendAsync(["a", "b"]);

        await grain.ClearAsync();

        Assert.Equal(0, await grain.GetCountAsync());
        Assert.Equal(1, await grain.AppendAsync(["fresh"]));
        Assert.Equal(1, await fixture.Logs("Default").CountAsync("notes", grain.GetGrainId()));
    }

    [Fact]
    public async Task TwoLogsOfOneEntryType_WriteUnderTheirOwnNames_ToTheirOwnProviders()
    {
        var grain = fixture.Grains.GetGrain<ILogGrain>(FacetCluster.NewKey());

        await grain.AppendAsync(["note"]);
        await grain.AppendEventAsync("event");

        var id = grain.GetGrainId();
        Assert.Equal("note", Assert.Single(await fixture.Logs("Default").ReadAsync<TestNote>("notes", id, 1, 10)).Value.Text);
        Assert.Equal("event", Assert.Single(await fixture.Logs("Archive").ReadAsync<TestNote>("events", id, 1, 10)).Value.Text);
        Assert.Equal(0, await fixture.Logs("Default").CountAsync("events", id));
        Assert.Equal(0, await fixture.Logs("Archive").CountAsync("notes", id));
    }

    [Fact]
    public async Task Activation_WithAnUnregisteredLogProvider_FailsNamingTheProviderAndTheLog()
    {
        var grain = fixture.Grains.GetGrain<IMisconfiguredGrain>(FacetCluster.NewKey());

        var error = await Assert.ThrowsAnyAsync<Exception>(grain.GetCountAsync);

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("'Unregistered'", messages, StringComparison.Ordinal);
        Assert.Contains("'notes'", messages, StringComparison.Ordinal);
    }

    private static TestNote[] Notes(params string[] texts) => texts.Select((text, i) => new TestNote(i + 1, text)).ToArray();

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
