using ChatDb.Storage.Export;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Retention;
using ChatDb.Storage.Panels;
using ChatDb.Storage.Sessions;
using ChatDb.Storage.Trash;
using ChatDb.Storage.Flatfile.Trash;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// What the flatfile providers of one name share, as services keyed by that name: the options of that name,
/// the data directory opened with them, its grain path mapping, open logs and write gate. The provider named
/// "Default" also stands for the process's chat layout: its directory and gate are the unkeyed ones (REST
/// backups pause that gate) and the chat grains' session listing, archives, retention plans and document
/// locations work on its directory.
/// </summary>
internal static class FlatfileStorageServices
{
    /// <summary>Registers the services of provider <paramref name="name"/> and returns its options, to be configured.</summary>
    public static OptionsBuilder<FlatfileStorageOptions> Add(IServiceCollection services, IConfiguration configuration, string name)
    {
        AddOncePerHost(services).Add(name);
        var options = services.AddFlatfileStorageOptions(configuration, name);
        // A silo shares its directory with the other silos of its cluster; a host without Orleans' cluster options holds it alone.
        services.AddKeyedSingleton(name, static (provider, key) => FlatfileDataDirectory.Open(
            provider.GetRequiredService<IOptionsMonitor<FlatfileStorageOptions>>().Get((string)key!),
            provider.GetService<IOptions<ClusterOptions>>()?.Value.ClusterId));
        services.AddKeyedSingleton(name, static (_, _) => new FlatfileWriteGate());
        services.AddKeyedSingleton(name, static (provider, key) =>
        {
            var directory = provider.GetRequiredKeyedService<FlatfileDataDirectory>(key);
            return new FlatfileGrainPaths(directory.Layout, directory.Options);
        });
        services.AddKeyedSingleton(name, static (provider, key) => new FlatfileOpenLogs(
            provider.GetRequiredKeyedService<FlatfileDataDirectory>(key).Options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<FlatfileOpenLogs>>()));
        if (name == ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
        {
            AddChatLayoutServices(services, name);
        }

        return options;
    }

    /// <summary>The names registered so far, and what every name shares; registered by the first name.</summary>
    private static FlatfileProviderNames AddOncePerHost(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(FlatfileProviderNames))?.ImplementationInstance is FlatfileProviderNames names)
        {
            return names;
        }

        names = new FlatfileProviderNames();
        services.AddSingleton(names);
        services.TryAddSingleton(TimeProvider.System);
        // One participant opens every name's directory before grains activate, and closes them after.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, FlatfileDataDirectoryLifecycle>();
        // Activations of fenced grains own their entity's files among the silos sharing the directory.
        services.AddSingleton<IConfigureGrainContextProvider, FlatfileEntityFencing>();
        return names;
    }

    private static void AddChatLayoutServices(IServiceCollection services, string name)
    {
        services.AddSingleton(provider => provider.GetRequiredKeyedService<FlatfileDataDirectory>(name));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<FlatfileWriteGate>(name));
        services.AddSingleton(provider => provider.GetRequiredService<FlatfileDataDirectory>().Layout);

        // Replaces the grains' default format whichever was registered first: session and panel directories are
        // named after the ids, so grains and layout must agree on the configured prefixes and timestamps. From the
        // options, not the opened directory: the REST rules need it before anything may touch the disk.
        services.AddSingleton(provider => OptionsOf(provider, name).IdFormat());
        services.AddSingleton(provider => new EntityIds(
            provider.GetRequiredService<FlatfileDataDirectory>().Options.IdFormat(),
            provider.GetRequiredService<TimeProvider>()));

        // What the chat grains reach only through Storage.Abstractions: session listing, archives, trash, retention plans.
        services.AddSingleton<IUserSessionDirectory>(provider => new FlatfileUserSessions(provider.GetRequiredService<FlatfileLayout>()));
        services.AddSingleton<IJournaledSessionRecords>(provider => new FlatfileJournaledSessionRecords(
            provider.GetRequiredService<FlatfileLayout>(),
            provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
            provider.GetRequiredService<FlatfileWriteGate>()));
        services.AddSingleton<IPanelListing>(provider => new FlatfilePanels(provider.GetRequiredService<FlatfileLayout>()));
        services.AddSingleton<ILiveExport>(provider => new FlatfileLiveExport(
            provider.GetRequiredService<FlatfileDataDirectory>(), provider.GetRequiredService<FlatfileWriteGate>()));
        services.AddSingleton<ISessionArchive>(provider => new FlatfileSessionArchive(
            provider.GetRequiredService<FlatfileLayout>(),
            provider.GetRequiredKeyedService<FlatfileOpenLogs>(name),
            provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
            provider.GetRequiredService<FlatfileWriteGate>()));
        services.AddSingleton<ITrashStore>(provider => new FlatfileTrash(
            provider.GetRequiredService<FlatfileLayout>(),
            provider.GetRequiredKeyedService<FlatfileOpenLogs>(name),
            provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
            provider.GetRequiredService<FlatfileWriteGate>()));
        services.AddSingleton<IRetentionPlanner>(provider => new FlatfileRetentionPlanner(
            provider.GetRequiredService<FlatfileDataDirectory>().Options,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDocumentLocations>(provider =>
        {
            var options = OptionsOf(provider, name);
            return new DocumentLocations(options.UserDataDirectoryName, options.DocumentStorageSubdirectoryName,
                [options.DocumentMetadataFilename, options.DocumentAnalysisSubdirectoryName]);
        });
    }

    private static FlatfileStorageOptions OptionsOf(IServiceProvider provider, string name) =>
        provider.GetRequiredService<IOptionsMonitor<FlatfileStorageOptions>>().Get(name);
}
