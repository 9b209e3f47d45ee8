using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Retention;
using ChatDb.Storage.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// Registration of the flatfile providers (Orleans' <c>AddXxxGrainStorage</c> shape). One call registers
/// the state, log and file providers under one name; all names share the process's one data directory,
/// configured by the <c>Storage</c> section (<see cref="FlatfileStorageOptions"/> and the chat limits of the same
/// section), validated at start-up and opened (locked, temp files removed) when the host starts. It also
/// registers the flatfile side of the services the chat grains reach through Storage.Abstractions.
/// </summary>
public static class FlatfileStorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers the flatfile providers as the default ones: under <see cref="StorageProviderNames.Default"/>,
    /// and the file provider also as the unkeyed <see cref="IGrainFileStorage"/>.
    /// </summary>
    public static ISiloBuilder AddFlatfileGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<FlatfileStorageOptions>>? configure = null)
    {
        builder.AddFlatfileGrainStorage(StorageProviderNames.Default, configure);
        builder.Services.AddDefaultGrainFileStorage(StorageProviderNames.Default);
        return builder;
    }

    /// <summary>
    /// Registers <see cref="FlatfileGrainStorage"/>, <see cref="FlatfileGrainLogStorage"/> and
    /// <see cref="FlatfileGrainFileStorage"/> under <paramref name="name"/>. <paramref name="configure"/>
    /// adjusts the shared <see cref="FlatfileStorageOptions"/> after they are bound from configuration.
    /// </summary>
    /// <exception cref="ConfigurationError">A provider is already registered under <paramref name="name"/>.</exception>
    public static ISiloBuilder AddFlatfileGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<FlatfileStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        AddSharedServices(builder);
        configure?.Invoke(services.AddOptions<FlatfileStorageOptions>());

        services.AddGrainStorage(name, static (provider, name) => new FlatfileGrainStorage(
            name,
            provider.GetRequiredService<FlatfileGrainPaths>(),
            provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<FlatfileGrainStorage>>(),
            provider.GetRequiredService<FlatfileWriteGate>()));
        services.AddGrainLogStorage(name, static (provider, name) => new FlatfileGrainLogStorage(
            name,
            provider.GetRequiredService<FlatfileGrainPaths>(),
            provider.GetRequiredService<FlatfileOpenLogs>(),
            provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
            provider.GetService<ILogger<FlatfileGrainLogStorage>>(),
            provider.GetRequiredService<FlatfileWriteGate>()));
        services.AddGrainFileStorage(name, static (provider, name) =>
        {
            var directory = provider.GetRequiredService<FlatfileDataDirectory>();
            return new FlatfileGrainFileStorage(
                name,
                provider.GetRequiredService<FlatfileGrainPaths>(),
                directory.AtomicFile,
                provider.GetRequiredService<FlatfileOpenLogs>(),
                directory.Options,
                provider.GetService<ILogger<FlatfileGrainFileStorage>>(),
                provider.GetRequiredService<FlatfileWriteGate>());
        });
        return builder;
    }

    /// <summary>The data directory and what every provider name shares; registered once per host.</summary>
    private static void AddSharedServices(ISiloBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(FlatfileDataDirectory)))
        {
            return;
        }

        services.AddFlatfileStorageOptions(builder.Configuration);
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
        services.AddSingleton(provider => new EntityIds(
            provider.GetRequiredService<FlatfileDataDirectory>().Options,
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

        // Registered before the silo's own hosted service, so it starts first (the lock is taken before any
        // grain runs) and stops last (logs are closed and the lock released after every grain deactivated).
        services.AddHostedService<FlatfileStorageHostedService>();
    }
}
