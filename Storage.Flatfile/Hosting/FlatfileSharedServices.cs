using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Retention;
using ChatDb.Storage.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// The data directory and what every provider name shares, registered once per host. Both registrations
/// (the old runtime's silo builder and Orleans') call it, so they open the same directory the same way;
/// each adds its own way of opening and closing it (a hosted service, a silo lifecycle participant).
/// </summary>
internal static class FlatfileSharedServices
{
    /// <summary>Registers the shared services; returns false when they were already registered.</summary>
    public static bool TryAdd(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(FlatfileDataDirectory)))
        {
            return false;
        }

        services.AddFlatfileStorageOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => FlatfileDataDirectory.Open(provider.GetRequiredService<IOptions<FlatfileStorageOptions>>().Value));
        services.AddSingleton(provider => provider.GetRequiredService<FlatfileDataDirectory>().Layout);

        // One gate for every provider of the data directory: a live backup pauses all writes at once.
        services.AddSingleton<FlatfileWriteGate>();
        services.AddSingleton(provider =>
        {
            var directory = provider.GetRequiredService<FlatfileDataDirectory>();
            return new FlatfileGrainPaths(directory.Layout, directory.Options);
        });
        // Replaces the grains' default format whichever was registered first: session and panel directories are
        // named after the ids, so grains and layout must agree on the configured prefixes and timestamps. From the
        // options, not the opened directory: the REST rules need it before anything may touch the disk.
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<FlatfileStorageOptions>>().Value.IdFormat());
        services.AddSingleton(provider => new EntityIds(
            provider.GetRequiredService<FlatfileDataDirectory>().Options.IdFormat(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new FlatfileOpenLogs(
            provider.GetRequiredService<FlatfileDataDirectory>().Options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<FlatfileOpenLogs>>()));

        // What the chat grains reach only through Storage.Abstractions: session listing, archives, retention plans.
        services.AddSingleton<IUserSessionDirectory>(provider => new FlatfileUserSessions(provider.GetRequiredService<FlatfileLayout>()));
        services.AddSingleton<ISessionArchive>(provider => new FlatfileSessionArchive(
            provider.GetRequiredService<FlatfileLayout>(),
            provider.GetRequiredService<FlatfileOpenLogs>(),
            provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
            provider.GetRequiredService<FlatfileWriteGate>()));
        services.AddSingleton<IRetentionPlanner>(provider => new FlatfileRetentionPlanner(
            provider.GetRequiredService<FlatfileDataDirectory>().Options,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDocumentLocations>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<FlatfileStorageOptions>>().Value;
            return new DocumentLocations(options.UserDataDirectoryName, options.DocumentStorageSubdirectoryName,
                [options.DocumentMetadataFilename, options.DocumentAnalysisSubdirectoryName]);
        });
        return true;
    }
}
