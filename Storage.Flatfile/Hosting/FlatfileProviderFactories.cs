using ChatDb.Storage.Flatfile.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>Builds the flatfile providers of one name over that name's services (<see cref="FlatfileStorageServices"/>).</summary>
internal static class FlatfileProviderFactories
{
    public static FlatfileGrainStorage CreateGrainStorage(IServiceProvider provider, string name) => new(
        name,
        provider.GetRequiredKeyedService<FlatfileGrainPaths>(name),
        provider.GetRequiredKeyedService<FlatfileDataDirectory>(name).AtomicFile,
        provider.GetRequiredService<TimeProvider>(),
        provider.GetService<ILogger<FlatfileGrainStorage>>(),
        provider.GetRequiredKeyedService<FlatfileWriteGate>(name));

    public static FlatfileGrainLogStorage CreateLogStorage(IServiceProvider provider, string name) => new(
        name,
        provider.GetRequiredKeyedService<FlatfileGrainPaths>(name),
        provider.GetRequiredKeyedService<FlatfileOpenLogs>(name),
        provider.GetRequiredKeyedService<FlatfileDataDirectory>(name).AtomicFile,
        provider.GetService<ILogger<FlatfileGrainLogStorage>>(),
        provider.GetRequiredKeyedService<FlatfileWriteGate>(name));

    public static FlatfileGrainFileStorage CreateFileStorage(IServiceProvider provider, string name)
    {
        var directory = provider.GetRequiredKeyedService<FlatfileDataDirectory>(name);
        return new FlatfileGrainFileStorage(
            name,
            provider.GetRequiredKeyedService<FlatfileGrainPaths>(name),
            directory.AtomicFile,
            provider.GetRequiredKeyedService<FlatfileOpenLogs>(name),
            directory.Options,
            provider.GetService<ILogger<FlatfileGrainFileStorage>>(),
            provider.GetRequiredKeyedService<FlatfileWriteGate>(name));
    }
}
