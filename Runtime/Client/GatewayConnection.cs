using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Client;

/// <summary>
/// One TCP connection to a silo gateway that carries many concurrent calls: each call gets a
/// correlation id and a pending entry; a single writer loop batches outgoing frames, a read loop
/// completes callers as responses arrive in any order. When the connection drops, every pending call
/// fails at once with a <see cref="SiloUnavailableException"/>.
/// </summary>
internal sealed partial class GatewayConnection : IAsyncDisposable
{
    private readonly SocketConnection _connection;
    private readonly ClientContext _context;
    private readonly ConcurrentDictionary<long, IPendingCall> _pending = new();
    private readonly Channel<OutboundCall> _outbound =
        Channel.CreateUnbounded<OutboundCall>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly FrameWriter _frames;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private int _isClosed;
    private Task _loops = Task.CompletedTask;

    private GatewayConnection(Socket socket, EndPoint endPoint, ClientContext context)
    {
        _connection = new SocketConnection(socket);
        _context = context;
        _frames = new FrameWriter(context.Options.MaxFrameSize);
        EndPoint = endPoint;
        EndPointName = endPoint.ToString() ?? "?";
    }

    public EndPoint EndPoint { get; }

    public string EndPointName { get; }

    public string SiloName { get; private set; } = "?";

    /// <summary>Interface full name → grain type, as the silo announced in its welcome.</summary>
    public IReadOnlyDictionary<string, string> GrainTypes { get; private set; } = new Dictionary<string, string>();

    public bool IsConnected => Volatile.Read(ref _isClosed) == 0;

    /// <summary>Completes once the connection is closed and its pending calls have failed.</summary>
    public Task Closed => _closed.Task;

    public static async Task<GatewayConnection> ConnectAsync(EndPoint endPoint, ClientContext context, CancellationToken cancellationToken)
    {
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        GatewayConnection? connection = null;
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            connection = new GatewayConnection(socket, endPoint, context);
            await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (connection is null)
            {
                socket.Dispose();
            }
            else
            {
                await connection._connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        connection._loops = Task.WhenAll(connection.ReadLoopAsync(), connection.WriteLoopAsync());
        return connection;
    }

    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        var method = request.GetMethod();
        var timeout = method.ResponseTimeout ?? _context.Options.ResponseTimeout;
        var pending = new PendingCall<TResult>(this, Interlocked.Increment(ref _nextId), target, method, timeout);
        _pending[pending.Id] = pending;

        // Pairs with the exchange in Shutdown: either the sweep sees this entry or this sees the flag.
        Interlocked.MemoryBarrier();
        if (!IsConnected)
        {
            // Lost the race with the connection's end: the sweep of pending calls may already have run.
            if (ForgetCall(pending.Id))
            {
                pending.FailUnavailable(EndPointName, SiloName, null);
            }

            return pending.Task;
        }

        pending.StartTimer(_context.TimeProvider);
        var call = new OutboundCall(pending, target, request, RequestContext.CallChainId, (long)timeout.TotalMilliseconds);
        if (!_outbound.Writer.TryWrite(call) && ForgetCall(pending.Id))
        {
            pending.FailUnavailable(EndPointName, SiloName, null);
        }

        return pending.Task;
    }

    /// <summary>Removes a pending call; false when it was already answered, failed or timed out.</summary>
    public bool ForgetCall(long id) => _pending.TryRemove(id, out _);

    /// <summary>Ends the connection (orderly unless <paramref name="abort"/>) and fails what is pending.</summary>
    public void Shutdown(Exception? reason, bool abort = false)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) != 0)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        if (abort)
        {
            _connection.Abort();
        }
        else
        {
            _connection.Close();
        }

        var failed = 0;
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.FailUnavailable(EndPointName, SiloName, reason);
                failed++;
            }
        }

        if (reason is not null || failed > 0)
        {
            _context.Log.ConnectionLost(reason, EndPointName, failed);
        }

        _closed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        Shutdown(null);
        await _loops.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsConnectionFailure(Exception error) =>
        error is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException;
}
