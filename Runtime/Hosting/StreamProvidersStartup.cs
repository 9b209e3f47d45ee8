using ChatDb.Runtime.Streams;
using Microsoft.Extensions.Hosting;

namespace ChatDb.Runtime.Hosting;

/// <summary>The name of a registered stream provider, so start-up can create each one.</summary>
internal sealed record StreamProviderRegistration(string Name);

/// <summary>Creates every stream provider when the silo starts: configuration errors surface then, not at the first publish.</summary>
internal sealed class StreamProvidersStartup(IServiceProvider services, IEnumerable<StreamProviderRegistration> registrations) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in registrations)
        {
            services.GetStreamProvider(registration.Name);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
