using ChatDb.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ChatDb.CrashLoop;

/// <summary>
/// The Orleans client (<c>UseOrleansClient(...).UseChatDb()</c>, in a host of its own) of the silo currently
/// running. Each restart is a new epoch with a new client on the new gateway port; writers whose call failed
/// wait for the next epoch (or a short pause) and retry.
/// </summary>
public sealed class SiloConnection : IAsyncDisposable
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ClientStopTimeout = TimeSpan.FromSeconds(10);
    private const int ConnectAttempts = 5;
    private static readonly TimeSpan ConnectRetryPause = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private IHost? _host;
    private IClusterClient? _client;
    private int _epoch;
    private readonly List<Task> _stopping = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public (IClusterClient Client, int Epoch) Current
    {
        get
        {
            lock (_gate)
            {
                return (_client ?? throw new InvalidOperationException("No silo is connected yet."), _epoch);
            }
        }
    }

    /// <summary>Connects to the silo's gateway and makes it the current epoch; the previous client is stopped.</summary>
    public async Task ConnectAsync(SiloChild silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var attempts = 0;
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(silo.GatewayPort, serviceId: silo.ClusterId, clusterId: silo.ClusterId)
            .Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = ResponseTimeout)
            // On a loaded machine the first connect right after the ready line can fail; a few tries, then its error.
            .UseConnectionRetryFilter(async (_, token) =>
            {
                if (++attempts >= ConnectAttempts)
                {
                    return false;
                }

                await Task.Delay(ConnectRetryPause, token).ConfigureAwait(false);
                return true;
            })
            .UseChatDb());
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        IHost? previous;
        TaskCompletionSource next;
        lock (_gate)
        {
            previous = _host;
            _host = host;
            _client = host.Services.GetRequiredService<IClusterClient>();
            _epoch++;
            next = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        next.TrySetResult();

        // The previous client's silo is dead; its stop runs beside the writers, not on the restart's path.
        if (previous is not null)
        {
            lock (_gate)
            {
                _stopping.Add(StopAsync(previous));
            }
        }
    }

    /// <summary>Completes when an epoch after <paramref name="epoch"/> starts, or after <paramref name="atMost"/>.</summary>
    public Task WaitForEpochAfterAsync(int epoch, TimeSpan atMost, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate)
        {
            if (_epoch > epoch)
            {
                return Task.CompletedTask;
            }

            next = _next.Task;
        }

        return Task.WhenAny(next, Task.Delay(atMost, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        IHost? host;
        Task[] stopping;
        lock (_gate)
        {
            host = _host;
            _host = null;
            _client = null;
            stopping = [.. _stopping];
        }

        await StopAsync(host).ConfigureAwait(false);
        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    /// <summary>Stops a client whose silo is usually dead by now; the wait is bounded so a lost gateway cannot hold the loop.</summary>
    private static async Task StopAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        // Off the caller's thread: the stop must not run its first steps on the restart's path.
        await Task.Yield();
        using var limit = new CancellationTokenSource(ClientStopTimeout);
        try
        {
            await host.StopAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up on its dead gateway; disposing releases what is left.
        }

        host.Dispose();
    }
}
