using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using Microsoft.Extensions.DependencyInjection;
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

        services.AddGrainStorage(name, FlatfileProviderFactories.CreateGrainStorage);
        services.AddGrainLogStorage(name, FlatfileProviderFactories.CreateLogStorage);
        services.AddGrainFileStorage(name, FlatfileProviderFactories.CreateFileStorage);
        return builder;
    }

    /// <summary>The data directory and what every provider name shares, opened by a hosted service; registered once per host.</summary>
    private static void AddSharedServices(ISiloBuilder builder)
    {
        if (!FlatfileSharedServices.TryAdd(builder.Services, builder.Configuration))
        {
            return;
        }

        // Registered before the silo's own hosted service, so it starts first (the lock is taken before any
        // grain runs) and stops last (logs are closed and the lock released after every grain deactivated).
        builder.Services.AddHostedService<FlatfileStorageHostedService>();
    }
}
