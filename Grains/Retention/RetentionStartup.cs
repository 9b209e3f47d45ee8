using Orleans;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Retention;

/// <summary>
/// Activates the retention grain and starts its timer once the silo runs (registered after the silo's own
/// hosted service, so it starts after it), only when <see cref="RetentionOptions.Enabled"/>.
/// </summary>
internal sealed class RetentionStartup(IGrainFactory grains, IOptions<RetentionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.Enabled
            ? grains.GetGrain<IRetentionGrain>(ChatGrainKeys.Global).StartAsync()
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
