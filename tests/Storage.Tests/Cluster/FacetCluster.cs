using System.Text.Json;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ChatDb.Storage.Tests.Cluster;

/// <summary>
/// One in-process silo with the memory providers: state, logs and files under "Default", a second log
/// provider "Archive" (with options of its own), and "Recorded", a memory state storage behind
/// <see cref="RecordingGrainStorage"/>. Shared by the tests of a class; each test uses grain keys of its own.
/// </summary>
public sealed class FacetCluster : IAsyncLifetime
{
    /// <summary>The serializer options the "Archive" log provider is configured with.</summary>
    public static readonly JsonSerializerOptions ArchiveJson = new(JsonSerializerDefaults.Web);

    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is used before InitializeAsync deployed it.");

    public IGrainFactory Grains => Cluster.Client;

    public IServiceProvider SiloServices => Cluster.GetSiloServiceProvider();

    public RecordingGrainStorage Recorded => (RecordingGrainStorage)SiloServices.GetRequiredKeyedService<IGrainStorage>("Recorded");

    public IGrainLogStorage Logs(string providerName) => SiloServices.GetRequiredKeyedService<IGrainLogStorage>(providerName);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStateStorageAsDefault()
                .AddMemoryGrainLogStorageAsDefault()
                .AddMemoryGrainLogStorage("Archive", options => options.Configure(o => o.SerializerOptions = ArchiveJson))
                .AddMemoryGrainFileStorageAsDefault();
            silo.Services.AddGrainStorage("Recorded", static (_, name) => new RecordingGrainStorage(new MemoryGrainStateStorage(name)));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A grain key no other test uses.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>Awaits <paramref name="task"/>, failing with a message that names <paramref name="what"/> if it hangs.</summary>
    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after 30 s waiting for {what}.", e);
        }
    }
}
