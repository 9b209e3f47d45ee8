namespace ChatDb.Runtime;

/// <summary>
/// The caller's side of a call that did not complete synchronously: completes with the grain's result
/// or, after the response timeout measured on the silo's <see cref="System.TimeProvider"/>, with a
/// <see cref="TimeoutException"/> that names the callee, the method and the calling grain.
/// </summary>
internal sealed class ResponsePromise<TResult> : TaskCompletionSource<TResult>
{
    private static readonly TimerCallback TimeoutCallback = static state => ((ResponsePromise<TResult>)state!).OnTimeout();

    private readonly GrainRequest<TResult> _request;
    private readonly GrainId _target;
    private readonly GrainId? _caller;
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;

    public ResponsePromise(GrainRequest<TResult> request, GrainId target, TimeSpan timeout, TimeProvider timeProvider)
    {
        _request = request;
        _target = target;
        _timeout = timeout;
        _caller = ActivationTaskScheduler.CurrentActivation?.GrainId;
        _timer = timeProvider.CreateTimer(TimeoutCallback, this, timeout, Timeout.InfiniteTimeSpan);
    }

    // The timer is disposed before the caller resumes, so a completed call leaves no timer behind.
    public void Complete(TResult result)
    {
        _timer.Dispose();
        TrySetResult(result);
    }

    public void Fail(Exception error)
    {
        _timer.Dispose();
        TrySetException(error);
    }

    public void CompleteFrom(Task<TResult> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            Complete(task.Result);
        }
        else if (task.IsCanceled)
        {
            _timer.Dispose();
            TrySetCanceled();
        }
        else
        {
            _timer.Dispose();
            TrySetException(task.Exception!.InnerExceptions);
        }
    }

    /// <summary>Completes this promise from a turn task that was queued rather than run inline.</summary>
    public void FollowTurn(Task<TResult> turn) =>
        turn.ContinueWith(
            static (turn, state) =>
            {
                var promise = (ResponsePromise<TResult>)state!;
                var pending = promise._request.PendingTask;
                if (turn.IsFaulted || pending is null)
                {
                    promise.CompleteFrom(turn);
                }
                else
                {
                    promise.FollowGrainTask(pending);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public void FollowGrainTask(Task<TResult> pending) =>
        pending.ContinueWith(
            static (task, state) => ((ResponsePromise<TResult>)state!).CompleteFrom(task),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void OnTimeout()
    {
        var from = _caller is { } caller ? $" from grain {caller}" : string.Empty;
        TrySetException(new TimeoutException(
            $"Response did not arrive on time in {_timeout} for the call of {_request.GetMethod().MethodId} on grain {_target}{from}. " +
            "A call cycle between non-reentrant grains (A→B→A) ends this way; see [Reentrant], [AlwaysInterleave] and RequestContext.AllowCallChainReentrancy()."));
        _timer.Dispose();
    }
}
