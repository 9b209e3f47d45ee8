using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatDb.Runtime.Hosting;

/// <summary>Starts the runtime with the host; on stop (StopAsync, SIGTERM) deactivates every activation.</summary>
internal sealed class SiloHostedService(
    GrainClassRegistry classes,
    Catalog catalog,
    ActivationCollector collector,
    SiloControl control,
    ILogger<SiloHostedService> logger) : IHostedService
{
    private readonly RuntimeLog _log = new(logger);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        collector.Start();
        _log.SiloStarted(classes.Classes.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        collector.Stop();
        if (!control.IsKilled)
        {
            _log.SiloStopping(catalog.Count);
            await catalog.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
        }

        _log.SiloStopped();
    }
}
