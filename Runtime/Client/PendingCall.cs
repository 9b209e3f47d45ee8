using System.Text.Json;

namespace ChatDb.Runtime.Client;

/// <summary>A call waiting for its response frame, as the read loop sees it (without the result type).</summary>
internal interface IPendingCall
{
    long Id { get; }

    /// <summary>Reads the <c>value</c> the reader is positioned on and completes the call.</summary>
    void CompleteFrom(ref Utf8JsonReader value, JsonSerializerOptions options);

    void Fail(Exception error);

    /// <summary>The connection dropped: fails with a <see cref="SiloUnavailableException"/> naming the call.</summary>
    void FailUnavailable(string endPoint, string siloName, Exception? reason);
}

/// <summary>
/// The caller's side of one remote call: completes with the deserialized result, the rebuilt error, a
/// <see cref="SiloUnavailableException"/> when the connection drops, or a <see cref="TimeoutException"/>
/// when the response timeout (on the client's <see cref="TimeProvider"/>) passes first.
/// </summary>
internal sealed class PendingCall<TResult> : TaskCompletionSource<TResult>, IPendingCall
{
    private static readonly TimerCallback TimeoutCallback = static state => ((PendingCall<TResult>)state!).OnTimeout();

    private readonly GatewayConnection _connection;
    private readonly GrainId _target;
    private readonly GrainMethodDescriptor _method;
    private readonly TimeSpan _timeout;
    private ITimer? _timer;

    public PendingCall(GatewayConnection connection, long id, GrainId target, GrainMethodDescriptor method, TimeSpan timeout)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _connection = connection;
        Id = id;
        _target = target;
        _method = method;
        _timeout = timeout;
    }

    public long Id { get; }

    public void StartTimer(TimeProvider timeProvider)
    {
        var timer = timeProvider.CreateTimer(TimeoutCallback, this, _timeout, Timeout.InfiniteTimeSpan);
        _timer = timer;
        if (Task.IsCompleted)
        {
            timer.Dispose();
        }
    }

    public void CompleteFrom(ref Utf8JsonReader value, JsonSerializerOptions options)
    {
        if (typeof(TResult) == typeof(VoidResult))
        {
            value.Skip();
            Complete(default!);
            return;
        }

        var start = value;
        TResult result;
        try
        {
            result = JsonSerializer.Deserialize<TResult>(ref value, options)!;
        }
        catch (Exception error) when (error is JsonException or NotSupportedException)
        {
            value = start;
            value.Skip();
            Fail(new InvalidOperationException(
                $"The result of {_method.MethodId} on grain {_target} could not be read as {typeof(TResult)}: {error.Message} (do client and silo share the same interface version and serializer contexts?)",
                error));
            return;
        }

        Complete(result);
    }

    public void Fail(Exception error)
    {
        _timer?.Dispose();
        TrySetException(error);
    }

    public void FailUnavailable(string endPoint, string siloName, Exception? reason) =>
        Fail(new SiloUnavailableException(
            $"The connection to silo '{siloName}' at gateway {endPoint} was lost while the call of {_method.MethodId} on grain {_target} was pending; whether it ran is unknown.",
            reason));

    private void Complete(TResult result)
    {
        _timer?.Dispose();
        TrySetResult(result);
    }

    private void OnTimeout()
    {
        if (!_connection.ForgetCall(Id))
        {
            return;
        }

        Fail(new TimeoutException(
            $"Response did not arrive on time in {_timeout} for the call of {_method.MethodId} on grain {_target} through gateway {_connection.EndPointName}."));
    }
}
