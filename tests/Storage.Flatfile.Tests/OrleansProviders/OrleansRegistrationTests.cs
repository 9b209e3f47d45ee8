using ChatDb.Storage.Files;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Tests.Support;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Flatfile.Tests.OrleansProviders;

/// <summary>What the Orleans registration puts into a silo's services, checked on a built host that is never started.</summary>
public sealed class OrleansRegistrationTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string DataPath => _root.Combine("data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void AsDefault_RegistersStateLogAndFilesUnderDefault_TheStateAlsoUnkeyed_AndOneDirectoryLifecycle()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault().AddFlatfileGrainStorage("Archive"));
        var services = host.Services;

        Assert.Same(services.GetRequiredKeyedService<IGrainStorage>("Default"), services.GetRequiredService<IGrainStorage>());
        Assert.NotSame(services.GetRequiredKeyedService<IGrainStorage>("Default"), services.GetRequiredKeyedService<IGrainStorage>("Archive"));
        Assert.NotNull(services.GetRequiredKeyedService<IGrainLogStorage>("Default"));
        Assert.NotNull(services.GetRequiredKeyedService<IGrainFileStorage>("Archive"));
        Assert.Single(services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), p => p.GetType().Name == "FlatfileDataDirectoryLifecycle");
    }

    [Fact]
    public void Options_AreBoundFromTheStorageSection_ThenAdjustedByConfigure()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault(o => o.Configure(x => x.Durability = Durability.OsBuffered)));

        var options = host.Services.GetRequiredService<IOptions<FlatfileStorageOptions>>().Value;

        Assert.Equal(DataPath, options.StorageBasePath);
        Assert.Equal(Durability.OsBuffered, options.Durability);
    }

    [Fact]
    public void SameNameTwice_IsAConfigurationErrorNamingIt()
    {
        var error = Assert.Throws<ConfigurationError>(() => Build(silo => silo.AddFlatfileGrainStorage("a").AddFlatfileGrainStorage("a")));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    private IHost Build(Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Storage:StorageBasePath"] = DataPath;
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }
}
