using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Storage.Tests;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void AsDefault_RegistersKeyedSingletonsUnderTheDefaultName()
    {
        using var services = new ServiceCollection()
            .AddMemoryGrainStorageAsDefault()
            .AddMemoryGrainLogStorageAsDefault()
            .BuildServiceProvider();

        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageProviderNames.Default);
        var logStorage = services.GetRequiredKeyedService<IGrainLogStorage>(StorageProviderNames.Default);

        Assert.Same(storage, services.GetRequiredKeyedService<IGrainStorage>(StorageProviderNames.Default));
        Assert.Equal(StorageProviderNames.Default, Assert.IsType<MemoryGrainStorage>(storage).Name);
        Assert.Equal(StorageProviderNames.Default, Assert.IsType<MemoryGrainLogStorage>(logStorage).Name);
    }

    [Fact]
    public async Task NamedProviders_AreSeparateStores()
    {
        using var services = new ServiceCollection()
            .AddMemoryGrainStorage("a")
            .AddMemoryGrainStorage("b")
            .BuildServiceProvider();
        var grain = GrainId.Create("test", "g1");

        await services.GetRequiredKeyedService<IGrainStorage>("a").WriteStateAsync("s", grain, new GrainState<int>(7));
        var fromB = new GrainState<int>(0);
        await services.GetRequiredKeyedService<IGrainStorage>("b").ReadStateAsync("s", grain, fromB);

        Assert.False(fromB.RecordExists);
        Assert.Null(services.GetKeyedService<IGrainStorage>(StorageProviderNames.Default));
    }

    [Fact]
    public void Configure_AppliesToTheNamedProvidersOptionsOnly()
    {
        var camel = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        using var services = new ServiceCollection()
            .AddMemoryGrainStorage("configured", o => o.Configure(options => options.SerializerOptions = camel))
            .AddMemoryGrainLogStorage("configured")
            .BuildServiceProvider();

        var stateOptions = services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get("configured");
        var logOptions = services.GetRequiredService<IOptionsMonitor<MemoryGrainLogStorageOptions>>().Get("configured");

        Assert.Same(camel, stateOptions.SerializerOptions);
        Assert.Null(logOptions.SerializerOptions);
    }

    [Fact]
    public void RegisteringTwoStateProvidersUnderOneName_ThrowsConfigurationErrorNamingIt()
    {
        var services = new ServiceCollection().AddMemoryGrainStorageAsDefault();

        var error = Assert.Throws<ConfigurationError>(() => services.AddMemoryGrainStorage(StorageProviderNames.Default));

        Assert.Contains("'Default'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStateProviderAndALogProvider_MayShareAName()
    {
        var services = new ServiceCollection()
            .AddMemoryGrainStorage("shared")
            .AddMemoryGrainLogStorage("shared");

        Assert.Equal(2, services.Count(d => d.IsKeyedService && Equals(d.ServiceKey, "shared")));
    }
}
