using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatDb.Runtime.Tests.Infrastructure;

/// <summary>One silo in a host of its own, on a fake clock, with this assembly's grains.</summary>
internal sealed class SiloHarness : IAsyncDisposable
{
    private bool _stopped;

    private SiloHarness(IHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
    }

    public IHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    internal Catalog Catalog => Host.Services.GetRequiredService<Catalog>();

    public static async Task<SiloHarness> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var clock = new FakeTimeProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.UseChatDbSilo(silo =>
        {
            silo.AddGrains(typeof(SiloHarness).Assembly);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new SiloHarness(host, clock);
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await Host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        Host.Dispose();
    }
}
