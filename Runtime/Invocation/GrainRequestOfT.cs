namespace ChatDb.Runtime;

/// <summary>
/// A request whose awaited result is <typeparamref name="TResult"/> (<see cref="VoidResult"/> for
/// methods without one). Generated subclasses implement <see cref="InvokeAsync"/> as a direct call of
/// the interface method on the grain.
/// </summary>
public abstract class GrainRequest<TResult> : GrainRequest
{
    private static readonly Func<object?, TResult> RunTurnCallback = static state => ((GrainRequest<TResult>)state!).RunTurn();

    private static readonly Action<Task<TResult>, object?> GrainTaskCompletedCallback =
        static (task, state) => ((GrainRequest<TResult>)state!).OnGrainTaskCompleted(task);

    /// <summary>The grain's task when it did not complete within the first turn.</summary>
    internal Task<TResult>? PendingTask;

    /// <summary>The caller's promise when the caller could not get the result synchronously.</summary>
    internal ResponsePromise<TResult>? Promise;

    /// <summary>Calls the interface method on <paramref name="grain"/> (the activation's grain instance).</summary>
    public abstract ValueTask<TResult> InvokeAsync(object grain);

    public override Task<object?> InvokeBoxedAsync(IGrainCallInvoker invoker, GrainId target)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        return BoxAsync(invoker.InvokeAsync(target, this));

        static async Task<object?> BoxAsync(Task<TResult> call) => await call.ConfigureAwait(false);
    }

    /// <summary>Adapts a grain method returning <see cref="Task"/>; no allocation when it completed synchronously.</summary>
    protected static ValueTask<VoidResult> FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : AwaitAsync(task);

        static async ValueTask<VoidResult> AwaitAsync(Task task)
        {
            await task;
            return default;
        }
    }

    /// <summary>Adapts a grain method returning <see cref="ValueTask"/>.</summary>
    protected static ValueTask<VoidResult> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : FromTask(task.AsTask());

    internal override bool IsAbandoned => Promise is { Task.IsCompleted: true };

    internal override void Fail(Exception error) => Promise?.Fail(error);

    internal override void Forward(Catalog catalog, GrainId target) => catalog.Deliver(target, this);

    internal override void PrepareToWait(ActivationData activation) =>
        Promise ??= new ResponsePromise<TResult>(this, activation.GrainId, activation.Catalog.GetResponseTimeout(GetMethod()), activation.Catalog.TimeProvider);

    internal override void StartQueuedTurn() => Activation!.Scheduler.Enqueue(CreateTurn());

    /// <summary>The turn task: runs the grain method up to its first incomplete await.</summary>
    internal Task<TResult> CreateTurn() => new(RunTurnCallback, this);

    private TResult RunTurn()
    {
        var activation = Activation!;
        var previousChain = RequestContext.CallChainId;
        RequestContext.CallChainId = CallChainId;

        // A turn run inline on the caller's thread must not let grain awaits capture the caller's
        // synchronization context: continuations belong to the activation's scheduler.
        var callerContext = SynchronizationContext.Current;
        if (callerContext is not null)
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        ValueTask<TResult> call;
        try
        {
            call = InvokeAsync(activation.GrainInstance!);
        }
        catch (Exception error)
        {
            RestoreCallerContext(previousChain, callerContext);
            activation.OnRequestCompleted(this, error);
            if (Promise is null)
            {
                // The caller awaits this turn task itself: fault it with the very same exception object.
                throw;
            }

            Promise.Fail(error);
            return default!;
        }

        RestoreCallerContext(previousChain, callerContext);
        if (call.IsCompletedSuccessfully)
        {
            var result = call.Result;
            activation.OnRequestCompleted(this, null);
            Promise?.Complete(result);
            return result;
        }

        var pending = call.AsTask();
        PendingTask = pending;
        pending.ContinueWith(GrainTaskCompletedCallback, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return default!;
    }

    private static void RestoreCallerContext(Guid callChainId, SynchronizationContext? callerContext)
    {
        RequestContext.CallChainId = callChainId;
        if (callerContext is not null)
        {
            SynchronizationContext.SetSynchronizationContext(callerContext);
        }
    }

    private void OnGrainTaskCompleted(Task<TResult> task)
    {
        Activation!.OnRequestCompleted(this, task.IsFaulted ? task.Exception.InnerException : null);
        Promise?.CompleteFrom(task);
    }
}
