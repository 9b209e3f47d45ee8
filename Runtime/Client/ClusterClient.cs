using System.Net;
using ChatDb.Runtime.Networking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Client;

/// <summary>
/// The network <see cref="IClusterClient"/>: references it hands out are the generated reference
/// classes, carrying their calls over one pipelined gateway connection. A lost connection fails the
/// calls in flight with <see cref="SiloUnavailableException"/>; the next call reconnects (with a short,
/// bounded backoff over the configured gateways). Build one with <see cref="ClientBuilder"/> or
/// <c>UseChatDbClient</c> on a host.
/// </summary>
public sealed class ClusterClient : IClusterClient, IAsyncDisposable
{
    private readonly GrainFactory _factory;
    private readonly ClientContext _context;
    private readonly IGatewayListProvider _gateways;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private volatile GatewayConnection? _connection;
    private IReadOnlyDictionary<string, string>? _grainTypes;
    private IAsyncDisposable? _ownedServices;
    private volatile bool _closed;
    private int _disposed;

    internal ClusterClient(
        IOptions<ClusterClientOptions> options,
        GrainJsonSerializer serializer,
        RemoteExceptionFactory exceptions,
        IGatewayListProvider gateways,
        TimeProvider timeProvider,
        ILogger<ClusterClient> logger)
    {
        var settings = options.Value;
        var clientId = string.IsNullOrEmpty(settings.ClientId) ? $"{Environment.MachineName}-{Guid.NewGuid():N}" : settings.ClientId;
        _context = new ClientContext(settings, clientId, serializer.Options, exceptions, timeProvider, new ClientLog(logger));
        _gateways = gateways;
        _factory = new GrainFactory(ResolveGrainType, new RemoteInvoker(this));
    }

    /// <summary>Whether a gateway connection is currently open.</summary>
    public bool IsConnected => _connection is { IsConnected: true };

    /// <summary>The silo of the current (or last) connection.</summary>
    public string? SiloName => _connection?.SiloName;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey => _factory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => _factory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => _factory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithGuidCompoundKey => _factory.GetGrain<TGrainInterface>(primaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithIntegerCompoundKey => _factory.GetGrain<TGrainInterface>(primaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain => _factory.GetGrain<TGrainInterface>(grainId);

    /// <summary>Connects to the first reachable gateway, retrying per <see cref="ClusterClientOptions"/>.</summary>
    public async Task Connect(CancellationToken cancellationToken = default) =>
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the connection; pending calls fail with <see cref="SiloUnavailableException"/> and later calls with <see cref="ObjectDisposedException"/>.</summary>
    public async Task Close()
    {
        _closed = true;
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _connectLock.Release();
        }

        _context.Log.Closed();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Close().ConfigureAwait(false);
        if (_ownedServices is { } services)
        {
            await services.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The service provider a <see cref="ClientBuilder"/> built for this client, disposed with it.</summary>
    internal void OwnServices(IAsyncDisposable services) => _ownedServices = services;

    /// <summary>Completes when the connection to <paramref name="gateway"/> (if it is the current one) has closed.</summary>
    internal Task WhenDisconnectedAsync(EndPoint gateway) =>
        _connection is { } connection && connection.EndPoint.Equals(gateway) ? connection.Closed : Task.CompletedTask;

    internal Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = _connection;
        return connection is { IsConnected: true } && !_closed
            ? connection.InvokeAsync(target, request)
            : InvokeAfterConnectingAsync(target, request);
    }

    private async Task<TResult> InvokeAfterConnectingAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        var connection = await EnsureConnectedAsync(CancellationToken.None).ConfigureAwait(false);
        return await connection.InvokeAsync(target, request).ConfigureAwait(false);
    }

    private async Task<GatewayConnection> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_connection is { IsConnected: true } current)
            {
                return current;
            }

            var connection = await ConnectWithRetriesAsync(cancellationToken).ConfigureAwait(false);
            _grainTypes = connection.GrainTypes;
            _connection = connection;
            _context.Log.Connected(connection.SiloName, connection.EndPointName);
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<GatewayConnection> ConnectWithRetriesAsync(CancellationToken cancellationToken)
    {
        var options = _context.Options;
        Exception? lastError = null;
        var delay = options.ConnectRetryDelay;
        IReadOnlyList<EndPoint> gateways = [];
        for (var round = 0; round <= options.ConnectRetryCount; round++)
        {
            if (round > 0)
            {
                await Task.Delay(delay, _context.TimeProvider, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxConnectRetryDelay.Ticks));
            }

            gateways = _gateways.GetGateways();
            foreach (var gateway in gateways)
            {
                try
                {
                    return await GatewayConnection.ConnectAsync(gateway, _context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or SiloUnavailableException
                    || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    lastError = error;
                    _context.Log.ConnectAttemptFailed(error, gateway.ToString() ?? "?", round);
                }
            }
        }

        var tried = gateways.Count == 0 ? "no gateway is configured (Runtime:Client:Gateways)" : string.Join(", ", gateways);
        throw new SiloUnavailableException(
            $"Could not connect to a silo gateway after {options.ConnectRetryCount + 1} rounds; tried {tried}: {lastError?.Message}", lastError);
    }

    private GrainType ResolveGrainType(Type grainInterface)
    {
        var grainTypes = _grainTypes
            ?? throw new InvalidOperationException($"The cluster client is not connected yet: call Connect before GetGrain<{grainInterface.Name}> (a silo tells the client which grain type implements each interface).");
        return grainTypes.TryGetValue(grainInterface.FullName ?? grainInterface.Name, out var grainType)
            ? new GrainType(grainType)
            : throw new InvalidOperationException(
                $"Silo '{SiloName}' has no single grain class implementing {grainInterface}; is the grain assembly deployed on the silo?");
    }

    private sealed class RemoteInvoker(ClusterClient client) : IGrainCallInvoker
    {
        public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request) => client.InvokeAsync(target, request);
    }
}
