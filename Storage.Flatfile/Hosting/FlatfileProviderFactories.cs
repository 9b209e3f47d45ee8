using ChatDb.Storage.Flatfile.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// Builds the flatfile engine's providers over the shared services of <see cref="FlatfileSharedServices"/>.
/// Both registrations use these factories: the old runtime's directly, Orleans' behind its adapters.
/// </summary>
internal static class FlatfileProviderFactories
{
    public static FlatfileGrainStorage CreateGrainStorage(IServiceProvider provider, string name) => new(
        name,
        provider.GetRequiredService<FlatfileGrainPaths>(),
        provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
        provider.GetRequiredService<TimeProvider>(),
        provider.GetService<ILogger<FlatfileGrainStorage>>(),
        provider.GetRequiredService<FlatfileWriteGate>());

    public static FlatfileGrainLogStorage CreateLogStorage(IServiceProvider provider, string name) => new(
        name,
        provider.GetRequiredService<FlatfileGrainPaths>(),
        provider.GetRequiredService<FlatfileOpenLogs>(),
        provider.GetRequiredService<FlatfileDataDirectory>().AtomicFile,
        provider.GetService<ILogger<FlatfileGrainLogStorage>>(),
        provider.GetRequiredService<FlatfileWriteGate>());

    public static FlatfileGrainFileStorage CreateFileStorage(IServiceProvider provider, string name)
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
    }
}
