using System.Net;
using ChatDb.Grains.Hosting;
using Orleans;
using Orleans.Hosting;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatDb.Benchmarks.Engines;

/// <summary>
/// An Orleans silo hosted in this process over one data directory, with the chat grains and the flatfile
/// storage as the silo executable registers them (<c>Silo/SiloApplication.cs</c>), driven through its
/// in-process <see cref="IGrainFactory"/> (the fair match for an embedded SQLite). Localhost clustering on
/// free ports with a cluster id of its own, so a silo never meets another one's listener. Stopping and
/// starting it again on the same directory is how a benchmark gets cold grains: every activation is gone,
/// the files stay.
/// </summary>
public sealed class ChatDbSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ChatDbSilo(IHost host, SiloEndpoints endpoints)
    {
        _host = host;
        Endpoints = endpoints;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    /// <summary>The silo host's services (its <c>ILocalSiloDetails</c>, for one).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The silo's ports and cluster id, for an Orleans client (<see cref="ChatDbGatewayClient"/>).</summary>
    public SiloEndpoints Endpoints { get; }

    /// <summary>
    /// Starts the silo. <paramref name="search"/> turns on per-user search (<c>AddChatSearch</c>), full-text
    /// only, with the index file write pushed past the run so no background flush lands in a timed window.
    /// Chat events go to no stream (the grains' null publisher), as before the move onto Orleans, so the
    /// figures stay comparable: search (when on) is fed directly by the session grains.
    /// </summary>
    /// <remarks>
    /// <c>endpoints</c> gives ports and cluster id (free ones and a cluster of its own when null); <c>primary</c> is the
    /// silo endpoint of the first silo of a cluster (Orleans' development clustering keeps membership there), null for
    /// the first or only silo; <c>configure</c> adds to the silo after the grains and storage. Silos of one cluster in this process may share the data directory, as silo processes do
    /// (docs/CLUSTER.md).
    /// </remarks>
    public static async Task<ChatDbSilo> StartAsync(
        string dataDirectory, Durability durability, int maxMessagesPerSession = 2_000_000, bool search = false,
        SiloEndpoints? endpoints = null, IPEndPoint? primary = null, Action<ISiloBuilder>? configure = null)
    {
        endpoints ??= SiloEndpoints.Free();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, primary, serviceId: endpoints.ClusterId, clusterId: endpoints.ClusterId);
            silo.AddChatGrains(o => o.Configure(limits =>
                {
                    // The growth scenario needs sessions longer than the product default allows.
                    limits.MaxMessagesPerSession = maxMessagesPerSession;
                    limits.MaxSessionsPerUser = 1_000_000;
                }))
                .AddFlatfileGrainStorageAsDefault(o => o.Configure(storage =>
                {
                    storage.StorageBasePath = dataDirectory;
                    storage.Durability = durability;
                }));
            if (search)
            {
                silo.AddChatSearch(o => o.Configure(options =>
                {
                    options.Vectors = false;
                    options.FlushDelay = TimeSpan.FromDays(1);
                }));
            }

            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new ChatDbSilo(host, endpoints);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
