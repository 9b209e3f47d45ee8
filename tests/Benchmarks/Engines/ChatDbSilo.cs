using System.Net;
using ChatDb.Grains.Hosting;
using ChatDb.Grains.Serialization;
using ChatDb.Runtime;
using ChatDb.Runtime.Gateway;
using ChatDb.Runtime.Hosting;
using ChatDb.Storage.Flatfile.Hosting;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatDb.Benchmarks.Engines;

/// <summary>
/// A silo hosted in this process over one data directory, driven through its in-process
/// <see cref="IGrainFactory"/> (the fair match for an embedded SQLite). Stopping and starting it again on
/// the same directory is how a benchmark gets cold grains: every activation is gone, the files stay.
/// </summary>
public sealed class ChatDbSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ChatDbSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    /// <summary>The gateway's bound address; null unless started with <c>gateway: true</c>.</summary>
    public IPEndPoint? GatewayEndPoint => _host.Services.GetService<ISiloGateway>()?.LocalEndPoint;

    /// <summary>
    /// Starts the silo. <paramref name="search"/> turns on per-user search (<c>AddChatSearch</c>), full-text
    /// only, with the index file write pushed past the run so no background flush lands in a timed window;
    /// off by default so the other scenarios' session grains publish to nobody, as before.
    /// </summary>
    public static async Task<ChatDbSilo> StartAsync(
        string dataDirectory, Durability durability, bool gateway = false, int maxMessagesPerSession = 2_000_000, bool search = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.UseChatDbSilo(silo =>
        {
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
                }))
                .AddGrainSerializerContext(ChatDbJsonContext.Default);
            if (search)
            {
                silo.AddChatSearch(o => o.Configure(options =>
                {
                    options.Vectors = false;
                    options.FlushDelay = TimeSpan.FromDays(1);
                }));
            }

            if (gateway)
            {
                silo.UseGateway(o => o.Port = 0);
            }
        });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new ChatDbSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
