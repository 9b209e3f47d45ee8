using ChatDb.Storage.Diagnostics;
using ChatDb.Storage.Files;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Memory;
using ChatDb.Storage.States;
using ChatDb.Storage.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Tests.Facets;

/// <summary>What the silo-builder extensions register: keyed providers, their named options, the mappers once.</summary>
public sealed class RegistrationTests(FacetCluster fixture) : IClassFixture<FacetCluster>
{
    [Fact]
    public void Providers_AreKeyedUnderTheirNames()
    {
        var services = fixture.SiloServices;

        // Log and file providers are registered behind the wrapper that measures them.
        Assert.Equal("Default", Assert.IsType<MemoryGrainLogStorage>(Assert.IsType<MeasuredGrainLogStorage>(services.GetRequiredKeyedService<IGrainLogStorage>("Default")).Inner).Name);
        Assert.Equal("Archive", Assert.IsType<MemoryGrainLogStorage>(Assert.IsType<MeasuredGrainLogStorage>(services.GetRequiredKeyedService<IGrainLogStorage>("Archive")).Inner).Name);
        Assert.Equal("Default", Assert.IsType<MemoryGrainFileStorage>(Assert.IsType<MeasuredGrainFileStorage>(services.GetRequiredKeyedService<IGrainFileStorage>("Default")).Inner).Name);
        Assert.Equal("Default", Assert.IsType<MemoryGrainStateStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default")).Name);
        Assert.Null(services.GetKeyedService<IGrainLogStorage>("Recorded"));
    }

    [Fact]
    public void DefaultStateStorage_IsAlsoTheUnkeyedOne_AsOrleansResolvesIt()
    {
        var services = fixture.SiloServices;

        Assert.Same(services.GetRequiredKeyedService<IGrainStorage>("Default"), services.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public void Options_AreNamedPerProvider()
    {
        var options = fixture.SiloServices.GetRequiredService<IOptionsMonitor<MemoryGrainLogStorageOptions>>();

        Assert.Same(FacetCluster.ArchiveJson, options.Get("Archive").SerializerOptions);
        Assert.Null(options.Get("Default").SerializerOptions);
    }

    [Fact]
    public void Mappers_AreRegisteredOnce_HoweverManyProvidersAreAdded()
    {
        var services = fixture.SiloServices;

        Assert.IsType<PersistentLogAttributeMapper>(Assert.Single(services.GetServices<IAttributeToFactoryMapper<PersistentLogAttribute>>()));
        Assert.IsType<LazyPersistentStateAttributeMapper>(Assert.Single(services.GetServices<IAttributeToFactoryMapper<LazyPersistentStateAttribute>>()));
    }
}
