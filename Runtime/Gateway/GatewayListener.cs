using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Networking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Gateway;

/// <summary>
/// The silo's TCP gateway: accepts client connections while the host runs. It closes its connections
/// in the host's stopping phase, before the runtime deactivates grains; when the silo is killed it
/// resets them at once, before any pending call can be answered.
/// </summary>
internal sealed class GatewayListener : ISiloGateway, IHostedLifecycleService, IDisposable
{
    private readonly GatewayOptions _options;
    private readonly GatewayContext _context;
    private readonly ConcurrentDictionary<InboundConnection, Task> _connections = new();
    private readonly CancellationTokenRegistration _killRegistration;
    private Socket? _listenSocket;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    public GatewayListener(
        IOptions<GatewayOptions> options,
        Catalog catalog,
        GrainClassRegistry classes,
        GrainJsonSerializer serializer,
        IGatewayAuthenticator authenticator,
        SiloControl control,
        IHostEnvironment environment,
        TimeProvider timeProvider,
        GatewayMetrics metrics,
        ILogger<GatewayListener> logger)
    {
        _options = options.Value;
        _context = new GatewayContext(
            environment.ApplicationName,
            _options.MaxFrameSize,
            catalog,
            serializer.Options,
            authenticator,
            GrainManifest.Build(classes),
            timeProvider,
            metrics,
            logger);
        _killRegistration = control.Killing.Register(static state => ((GatewayListener)state!).Stop(abort: true), this);
    }

    /// <summary>Where the gateway listens; with port 0 configured, the port the system picked.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Open client connections.</summary>
    public int ConnectionCount => _connections.Count;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(_options.ListenAddress), _options.Port);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted silo binds its old port again while closed connections linger in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _listenSocket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _context.Log.Listening(_context.SiloName, LocalEndPoint.ToString());
        _acceptLoop = AcceptLoopAsync(socket);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before any hosted service stops, so clients are gone before grains deactivate.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var count = _connections.Count;
        if (!Stop(abort: false))
        {
            return;
        }

        try
        {
            await Task.WhenAll(_connections.Values.Append(_acceptLoop)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out; the sockets are closed regardless.
        }

        _context.Log.Stopped("graceful", count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _killRegistration.Dispose();
        Stop(abort: true);
    }

    private bool Stop(bool abort)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return false;
        }

        _listenSocket?.Dispose();
        var connections = _connections.Keys.ToArray();
        foreach (var connection in connections)
        {
            if (abort)
            {
                connection.Abort();
            }
            else
            {
                connection.Close();
            }
        }

        if (abort)
        {
            _context.Log.Stopped("killed", connections.Length);
        }

        return true;
    }

    private async Task AcceptLoopAsync(Socket listenSocket)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listenSocket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is ObjectDisposedException || (error is SocketException && Volatile.Read(ref _stopped) != 0))
            {
                return;
            }
            catch (SocketException error)
            {
                _context.Log.AcceptFailed(error);
                return;
            }

            var connection = new InboundConnection(socket, _context);
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = completion.Task;
            if (Volatile.Read(ref _stopped) != 0)
            {
                connection.Abort();
            }

            _ = ServeAsync(connection, completion);
        }
    }

    private async Task ServeAsync(InboundConnection connection, TaskCompletionSource completion)
    {
        try
        {
            await Task.Yield();
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            completion.TrySetResult();
        }
    }
}
