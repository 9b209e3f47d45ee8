using ChatDb.Storage.Diagnostics;
using ChatDb.Storage.Files;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Tests.Support;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Options;
using ChatDb.Storage.Retention;
using ChatDb.Storage.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Flatfile.Tests.Hosting;

/// <summary>
/// What the registration puts into a silo's services, checked on a built host. Only the tests of start-up
/// validation start it: validation fails before the silo opens a port or the data directory.
/// </summary>
public sealed class FlatfileRegistrationTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string DataPath => _root.Combine("data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void AsDefault_RegistersStateLogAndFilesUnderDefault_TheStateAlsoUnkeyed_AndOneDirectoryLifecycle()
    {
        using var host = Build(silo => silo
            .AddFlatfileGrainStorageAsDefault()
            .AddFlatfileGrainStorage("Archive", o => o.Configure(x => x.StorageBasePath = _root.Combine("archive"))));
        var services = host.Services;

        Assert.Same(services.GetRequiredKeyedService<IGrainStorage>("Default"), services.GetRequiredService<IGrainStorage>());
        Assert.IsType<FlatfileGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.NotSame(services.GetRequiredKeyedService<IGrainStorage>("Default"), services.GetRequiredKeyedService<IGrainStorage>("Archive"));
        Assert.IsType<FlatfileGrainLogStorage>(Assert.IsType<MeasuredGrainLogStorage>(services.GetRequiredKeyedService<IGrainLogStorage>("Default")).Inner);
        Assert.IsType<FlatfileGrainFileStorage>(Assert.IsType<MeasuredGrainFileStorage>(services.GetRequiredKeyedService<IGrainFileStorage>("Archive")).Inner);
        Assert.Single(services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), p => p.GetType().Name == "FlatfileDataDirectoryLifecycle");
    }

    [Fact]
    public async Task AStateWrittenThroughTheDefaultProvider_LandsInTheDocumentedLayout_OfTheLockedDirectory()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault());
        var services = host.Services;

        await services.GetRequiredKeyedService<IGrainStorage>("Default")
            .WriteStateAsync("profile", GrainId.Create("user", "alice"), new GrainState<Dictionary<string, string>>(new() { ["name"] = "Alice" }));
        var heldWhileOpen = Record.Exception(() => DataDirectoryLock.Acquire(DataPath));
        host.Dispose();

        Assert.True(File.Exists(Path.Join(DataPath, "users", "alice", "profile.json")));
        Assert.IsType<ConfigurationError>(heldWhileOpen);
        using var reacquired = DataDirectoryLock.Acquire(DataPath);
    }

    [Fact]
    public void EachName_HasItsOwnOptions_BoundFromTheStorageSection_ThenAdjustedByItsConfigure()
    {
        var archive = _root.Combine("archive");
        using var host = Build(silo => silo
            .AddFlatfileGrainStorageAsDefault(o => o.Configure(x => x.Durability = Durability.OsBuffered))
            .AddFlatfileGrainStorage("Archive", o => o.Configure(x => x.StorageBasePath = archive)));

        var options = host.Services.GetRequiredService<IOptionsMonitor<FlatfileStorageOptions>>();

        Assert.Equal(DataPath, options.Get("Default").StorageBasePath);
        Assert.Equal(Durability.OsBuffered, options.Get("Default").Durability);
        Assert.Equal(archive, options.Get("Archive").StorageBasePath);
        Assert.Equal(Durability.Fsync, options.Get("Archive").Durability);
        Assert.Equal(DataPath, host.Services.GetRequiredService<FlatfileDataDirectory>().Options.StorageBasePath);
    }

    [Fact]
    public void SameNameTwice_IsAConfigurationErrorNamingIt()
    {
        var error = Assert.Throws<ConfigurationError>(() => Build(silo => silo.AddFlatfileGrainStorage("a").AddFlatfileGrainStorage("a")));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidStorageSetting_FailsTheHostStart_NamingTheSetting()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault(options => options.Configure(o => o.MessagesFilename = "../messages.jsonl")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:MessagesFilename must be a valid path name", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(DataPath, DataDirectoryLock.FileName)));
    }

    [Fact]
    public async Task InvalidSettingOfANamedProvider_FailsTheHostStart_NamingTheSetting()
    {
        using var host = Build(silo => silo
            .AddFlatfileGrainStorageAsDefault()
            .AddFlatfileGrainStorage("Archive", options => options.Configure(o => o.StorageBasePath = "")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Archive", error.OptionsName);
        Assert.Contains("Storage:StorageBasePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsDefault_RegistersTheFlatfileSideOfTheChatStorageServices_OverTheBoundChatLimits()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorageAsDefault(), new()
        {
            ["Storage:MaxDocumentSizeBytes"] = "4096",
            ["Storage:UserDataDirectoryName"] = "people",
            ["Storage:DocumentMetadataFilename"] = "index.json",
        });
        var services = host.Services;

        var limits = services.GetRequiredService<IOptions<ChatLimitsOptions>>().Value;
        var documents = services.GetRequiredService<IDocumentLocations>();

        Assert.Equal(4096, limits.MaxDocumentSizeBytes);
        Assert.Same(limits, services.GetRequiredService<IOptionsMonitor<FlatfileStorageOptions>>().Get("Default").ChatLimits);
        Assert.IsType<FlatfileUserSessions>(services.GetRequiredService<IUserSessionDirectory>());
        Assert.IsType<FlatfileSessionArchive>(services.GetRequiredService<ISessionArchive>());
        Assert.IsType<FlatfileRetentionPlanner>(services.GetRequiredService<IRetentionPlanner>());
        Assert.Equal(["index.json", "analysis"], documents.ReservedFilenames);
        Assert.Equal("people/alice/s1/documents/a.pdf", documents.RelativePath("alice", "s1", "a.pdf"));
    }

    [Fact]
    public void ANamedProviderAlone_LeavesTheChatLayoutServicesToTheDefaultOne()
    {
        using var host = Build(silo => silo.AddFlatfileGrainStorage("Archive"));

        Assert.NotNull(host.Services.GetRequiredKeyedService<IGrainStorage>("Archive"));
        Assert.Null(host.Services.GetService<IUserSessionDirectory>());
        Assert.Null(host.Services.GetService<FlatfileDataDirectory>());
    }

    private IHost Build(Action<ISiloBuilder> configure, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Storage:StorageBasePath"] = DataPath;
        foreach (var (key, value) in settings ?? [])
        {
            builder.Configuration[key] = value;
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }
}
