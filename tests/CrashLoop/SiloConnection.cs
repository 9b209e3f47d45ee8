using ChatDb.Grains.Serialization;
using ChatDb.Runtime.Client;

namespace ChatDb.CrashLoop;

/// <summary>
/// The client of the silo currently running. Each restart is a new epoch with a new client; writers
/// whose call failed wait for the next epoch (or a short pause) and retry.
/// </summary>
public sealed class SiloConnection : IAsyncDisposable
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private ClusterClient? _client;
    private int _epoch;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public (ClusterClient Client, int Epoch) Current
    {
        get
        {
            lock (_gate)
            {
                return (_client ?? throw new InvalidOperationException("No silo is connected yet."), _epoch);
            }
        }
    }

    /// <summary>Connects to the silo's gateway and makes it the current epoch; the previous client is disposed.</summary>
    public async Task ConnectAsync(string gateway, CancellationToken cancellationToken)
    {
        var client = new ClientBuilder()
            .UseGateway(gateway)
            .Configure(o =>
            {
                o.ResponseTimeout = ResponseTimeout;
                o.ConnectRetryCount = 5;
            })
            .AddGrainSerializerContext(ChatDbJsonContext.Default)
            .Build();
        await client.Connect(cancellationToken).ConfigureAwait(false);
        ClusterClient? previous;
        TaskCompletionSource next;
        lock (_gate)
        {
            previous = _client;
            _client = client;
            _epoch++;
            next = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        next.TrySetResult();
        if (previous is not null)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
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
        ClusterClient? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }

        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
