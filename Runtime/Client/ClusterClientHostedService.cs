using Microsoft.Extensions.Hosting;

namespace ChatDb.Runtime.Client;

/// <summary>Connects the client when the host starts and closes it when the host stops.</summary>
internal sealed class ClusterClientHostedService(ClusterClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => client.Connect(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => client.Close();
}
