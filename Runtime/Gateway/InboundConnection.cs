using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Gateway;

/// <summary>
/// One client connection on the silo. The read loop parses frames and starts each call on the silo's
/// invoker without awaiting it, so many calls are in flight at once; completed calls queue their
/// responses for the single writer loop, which batches them and flushes when the queue runs dry.
/// </summary>
internal sealed partial class InboundConnection
{
    private static readonly Action<Task<object?>, object?> CallCompletedCallback =
        static (task, state) => ((PendingCall)state!).Complete(task);

    private readonly SocketConnection _connection;
    private readonly GatewayContext _context;
    private readonly Channel<OutboundResponse> _responses =
        Channel.CreateUnbounded<OutboundResponse>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly FrameWriter _frames;
    private readonly CallFrameParser _parser;

    /// <summary>Responses of calls that completed inline during one read batch, published together.</summary>
    private readonly List<OutboundResponse> _inlineResponses = [];
    private bool _inReadBatch;
    private volatile bool _closing;

    public InboundConnection(Socket socket, GatewayContext context)
    {
        _connection = new SocketConnection(socket);
        _context = context;
        _frames = new FrameWriter(context.MaxFrameSize);
        _parser = new CallFrameParser(context.SerializerOptions);
    }

    public string RemoteEndPoint => _connection.RemoteEndPoint;

    /// <summary>Serves the connection until the client leaves, breaks the protocol, or the gateway closes it.</summary>
    public async Task RunAsync()
    {
        _context.Metrics.ConnectionOpened();
        try
        {
            if (!await HandshakeAsync().ConfigureAwait(false))
            {
                return;
            }

            var writing = WriteLoopAsync();
            try
            {
                await ReadLoopAsync().ConfigureAwait(false);
            }
            finally
            {
                _responses.Writer.TryComplete();
                await writing.ConfigureAwait(false);
            }
        }
        catch (GatewayProtocolException violation)
        {
            _context.Metrics.ConnectionRejected("protocol");
            _context.Log.ProtocolViolation(violation.InnerException, RemoteEndPoint, violation.Message);
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            _context.Log.ConnectionFailed(error, RemoteEndPoint);
        }
        finally
        {
            _responses.Writer.TryComplete();
            await _connection.DisposeAsync().ConfigureAwait(false);
            _context.Metrics.ConnectionClosed();
            _context.Log.ConnectionClosed(RemoteEndPoint);
        }
    }

    /// <summary>Orderly close: stop reading, send what is queued, then end the stream.</summary>
    public void Close()
    {
        _closing = true;
        _connection.Input.CancelPendingRead();
    }

    /// <summary>Crash: reset the connection at once; queued responses are lost.</summary>
    public void Abort()
    {
        _closing = true;
        _responses.Writer.TryComplete();
        _connection.Abort();
    }

    private async Task ReadLoopAsync()
    {
        var input = _connection.Input;
        while (!_closing)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            _inReadBatch = true;
            try
            {
                while (ReadFrame(ref buffer, out var frame))
                {
                    Dispatch(_parser.Parse(frame));
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                PublishInlineResponses();
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                if (result.IsCompleted && buffer.Length > 0)
                {
                    throw new GatewayProtocolException($"the stream ended inside a frame ({buffer.Length} bytes left over)");
                }

                return;
            }
        }
    }

    private bool ReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        var status = Framing.TryReadFrame(ref buffer, _context.MaxFrameSize, out frame, out var declared);
        if (status == FrameStatus.Oversize)
        {
            _context.Metrics.ConnectionRejected("oversize");
            _context.Log.OversizeFrame(RemoteEndPoint, declared, _context.MaxFrameSize);
            _closing = true;
            return false;
        }

        return status == FrameStatus.Complete;
    }

    private void Dispatch(InboundCall call)
    {
        _context.Metrics.CallReceived();
        if (call.Error is null && call.TargetSilo is { } silo && !string.Equals(silo, _context.SiloName, StringComparison.Ordinal))
        {
            call.Error = new NotSupportedException(
                $"Call {call.Id} to grain {call.Target} names target silo '{silo}', but silo '{_context.SiloName}' does not forward calls to other silos yet.");
        }

        if (call.Error is not null)
        {
            if (!call.IsOneWay)
            {
                RespondFromReadLoop(new OutboundResponse(call.Id, call.Method, null, call.Error));
            }

            return;
        }

        var previousChain = RequestContext.CallChainId;
        RequestContext.CallChainId = call.CallChainId;
        Task<object?> task;
        try
        {
            task = call.Request!.InvokeBoxedAsync(_context.Invoker, call.Target);
        }
        catch (Exception error)
        {
            task = Task.FromException<object?>(error);
        }
        finally
        {
            RequestContext.CallChainId = previousChain;
        }

        if (task.IsCompleted)
        {
            // Most calls finish inline: answer without allocating a continuation.
            Complete(task, call.Id, call.Method!, call.Target, call.IsOneWay, fromReadLoop: true);
        }
        else
        {
            var pending = new PendingCall(this, call.Id, call.Method!, call.Target, call.IsOneWay);
            task.ContinueWith(CallCompletedCallback, pending, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Complete(Task<object?> task, long id, GrainMethodDescriptor method, GrainId target, bool isOneWay, bool fromReadLoop)
    {
        Exception? error = task.Status switch
        {
            TaskStatus.RanToCompletion => null,
            TaskStatus.Canceled => new OperationCanceledException($"Call {id} ({method.MethodId}) to grain {target} was cancelled on the silo."),
            _ => task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception,
        };
        if (isOneWay)
        {
            if (error is not null)
            {
                _context.Log.OneWayCallFailed(error, method.MethodId, target);
            }

            return;
        }

        var response = new OutboundResponse(id, method, error is null ? task.Result : null, error);
        if (fromReadLoop)
        {
            RespondFromReadLoop(response);
        }
        else
        {
            Respond(response);
        }
    }

    private void Respond(in OutboundResponse response) => _responses.Writer.TryWrite(response);

    /// <summary>
    /// Called on the read loop only. Answers of inline calls wait for the end of the read batch, so the
    /// writer wakes once per batch and sends them in one flush instead of racing the parser item by item.
    /// </summary>
    private void RespondFromReadLoop(in OutboundResponse response)
    {
        if (_inReadBatch)
        {
            _inlineResponses.Add(response);
        }
        else
        {
            Respond(response);
        }
    }

    private void PublishInlineResponses()
    {
        _inReadBatch = false;
        foreach (var response in _inlineResponses)
        {
            Respond(response);
        }

        _inlineResponses.Clear();
    }

    private static bool IsConnectionFailure(Exception error) =>
        error is IOException or SocketException or ObjectDisposedException or OperationCanceledException;

    /// <summary>A call started by the read loop that the grain completes later.</summary>
    private sealed class PendingCall(InboundConnection connection, long id, GrainMethodDescriptor method, GrainId target, bool isOneWay)
    {
        public void Complete(Task<object?> task) => connection.Complete(task, id, method, target, isOneWay, fromReadLoop: false);
    }
}
