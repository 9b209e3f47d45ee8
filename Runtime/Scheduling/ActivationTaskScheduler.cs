using System.Runtime.CompilerServices;

namespace ChatDb.Runtime;

/// <summary>
/// The single-threaded executor of one activation: runs at most one work item at a time, so grain
/// code and every continuation it awaits run one turn after another without locks. Idle schedulers
/// hold no thread; a busy one drains its queue from one thread-pool work item. A new request turn may
/// run inline on the caller's thread when the activation is idle, which keeps in-process calls cheap;
/// continuations are always queued.
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    private const int TurnsPerDrain = 64;

    [ThreadStatic]
    private static Task? _inlineCandidate;

    private readonly Lock _lock = new();
    private Queue<Task>? _queue;
    private bool _busy;

    public ActivationTaskScheduler(ActivationData activation) => Activation = activation;

    public ActivationData Activation { get; }

    /// <summary>The activation whose turn is running on this thread, if any.</summary>
    public static ActivationData? CurrentActivation => (Current as ActivationTaskScheduler)?.Activation;

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts <paramref name="turn"/>, running it right here when the scheduler is idle.</summary>
    public void RunInlineOrEnqueue(Task turn)
    {
        _inlineCandidate = turn;
        try
        {
            turn.Start(this);
        }
        finally
        {
            _inlineCandidate = null;
        }
    }

    /// <summary>Starts <paramref name="turn"/> behind whatever is already queued.</summary>
    public void Enqueue(Task turn) => turn.Start(this);

    protected override void QueueTask(Task task)
    {
        if (ReferenceEquals(_inlineCandidate, task))
        {
            _inlineCandidate = null;
            if (TryRunInline(task))
            {
                return;
            }
        }

        lock (_lock)
        {
            (_queue ??= new Queue<Task>()).Enqueue(task);
            if (_busy)
            {
                return;
            }

            _busy = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    // Inlining on demand (Task.Wait, synchronous continuations) could start a second turn while one is
    // suspended on this thread's stack; everything goes through the queue instead.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return _queue?.ToArray() ?? [];
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        for (var i = 0; i < TurnsPerDrain; i++)
        {
            Task? next;
            lock (_lock)
            {
                if (_queue is null || !_queue.TryDequeue(out next))
                {
                    _busy = false;
                    return;
                }
            }

            TryExecuteTask(next);
        }

        // Give other activations a fair share of the pool; _busy stays set so nobody else drains.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private bool TryRunInline(Task task)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return false;
        }

        lock (_lock)
        {
            if (_busy)
            {
                return false;
            }

            _busy = true;
        }

        TryExecuteTask(task);

        bool drain;
        lock (_lock)
        {
            drain = _queue is { Count: > 0 };
            _busy = drain;
        }

        if (drain)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }
}
