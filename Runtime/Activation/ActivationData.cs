namespace ChatDb.Runtime;

/// <summary>
/// One activation of one grain in this silo: the grain instance, its scheduler and the request
/// bookkeeping that implements turn-based execution. Kept small because a silo holds many idle ones:
/// queues and lists are allocated only once needed.
/// </summary>
internal sealed partial class ActivationData
{
    [ThreadStatic]
    private static ActivationData? _constructing;

    private readonly Lock _lock = new();
    private ActivationState _state;
    private List<GrainRequest>? _running;
    private Queue<GrainRequest>? _waiting;
    private long _lastActivity;
    private DeactivationReason? _pendingDeactivation;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, Catalog catalog)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        Catalog = catalog;
        Scheduler = new ActivationTaskScheduler(this);
        _lastActivity = catalog.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassInfo GrainClass { get; }

    public Catalog Catalog { get; }

    public ActivationTaskScheduler Scheduler { get; }

    public object? GrainInstance { get; private set; }

    /// <summary>The activation whose grain is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    public static ActivationData? Constructing => _constructing;

    /// <summary>A new call from a reference. Runs inline when the activation is idle and valid.</summary>
    public Task<TResult> ReceiveAsync<TResult>(GrainRequest<TResult> request)
    {
        request.Activation = this;
        switch (Admit(request, waitingPromiseNeeded: true))
        {
            case Admission.Start:
                return RunNow(request);
            case Admission.Forward:
                return Catalog.InvokeAsync(GrainId, request);
            default:
                return request.Promise!.Task;
        }
    }

    /// <summary>A request that already has a waiting caller (forwarded, or a timer tick).</summary>
    public void Deliver(GrainRequest request)
    {
        request.Activation = this;
        switch (Admit(request, waitingPromiseNeeded: false))
        {
            case Admission.Start:
                request.StartQueuedTurn();
                break;
            case Admission.Forward:
                request.Forward(Catalog, GrainId);
                break;
        }
    }

    private Task<TResult> RunNow<TResult>(GrainRequest<TResult> request)
    {
        var turn = request.CreateTurn();
        Scheduler.RunInlineOrEnqueue(turn);
        if (turn.IsCompleted)
        {
            var pending = request.PendingTask;
            if (pending is null || pending.IsCompleted)
            {
                return pending ?? turn;
            }

            request.PrepareToWait(this);
            request.Promise!.FollowGrainTask(pending);
            return request.Promise.Task;
        }

        // Another turn (a continuation) held the scheduler: the turn was queued behind it.
        var promise = new ResponsePromise<TResult>(request, GrainId, Catalog.GetResponseTimeout(request.GetMethod()), Catalog.TimeProvider);
        promise.FollowTurn(turn);
        return promise.Task;
    }

    private Admission Admit(GrainRequest request, bool waitingPromiseNeeded)
    {
        var startActivation = false;
        Admission admission;
        lock (_lock)
        {
            if (request.GetMethod().CountsAsActivity)
            {
                _lastActivity = Catalog.TimeProvider.GetTimestamp();
            }

            switch (_state)
            {
                case ActivationState.Invalid:
                    return Admission.Forward;
                case ActivationState.Valid when _pendingDeactivation is null && CanStartNow(request, behindWaiting: true):
                    (_running ??= new List<GrainRequest>(1)).Add(request);
                    return Admission.Start;
                case ActivationState.Created:
                    _state = ActivationState.Activating;
                    startActivation = true;
                    break;
            }

            if (waitingPromiseNeeded)
            {
                request.PrepareToWait(this);
            }

            (_waiting ??= new Queue<GrainRequest>()).Enqueue(request);
            admission = Admission.Wait;
        }

        if (startActivation)
        {
            StartActivation();
        }

        return admission;
    }

    /// <summary>Turn-based rules: an idle activation takes anything; a busy one only what may interleave.</summary>
    private bool CanStartNow(GrainRequest request, bool behindWaiting)
    {
        if (_running is not { Count: > 0 } running)
        {
            return true;
        }

        var method = request.GetMethod();
        if (GrainClass.IsReentrant || method.AlwaysInterleave)
        {
            return true;
        }

        if (request.CallChainId != Guid.Empty)
        {
            foreach (var other in running)
            {
                if (other.CallChainId == request.CallChainId)
                {
                    return true;
                }
            }
        }

        // Read-only requests join running read-only ones, but do not overtake a waiting writer.
        if (method.IsReadOnly && !(behindWaiting && _waiting is { Count: > 0 }))
        {
            foreach (var other in running)
            {
                if (!other.GetMethod().IsReadOnly)
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>Called when a request's grain task completed: starts what waited, or deactivates.</summary>
    public void OnRequestCompleted(GrainRequest request, Exception? error)
    {
        if (error is Storage.InconsistentStateException)
        {
            RequestDeactivation(new DeactivationReason(
                DeactivationReasonCode.ApplicationError,
                $"{request.GetMethod().MethodId} failed with {nameof(Storage.InconsistentStateException)}; the next call reloads state."));
        }

        lock (_lock)
        {
            _running?.Remove(request);
        }

        PumpWaiting();
    }

    /// <summary>Starts waiting requests that may run now; begins a requested deactivation once idle.</summary>
    private void PumpWaiting()
    {
        while (true)
        {
            GrainRequest? next = null;
            DeactivationReason? deactivate = null;
            lock (_lock)
            {
                if (_state != ActivationState.Valid)
                {
                    return;
                }

                if (_pendingDeactivation is { } reason)
                {
                    if (_running is { Count: > 0 })
                    {
                        return;
                    }

                    _state = ActivationState.Deactivating;
                    _pendingDeactivation = null;
                    deactivate = reason;
                }
                else
                {
                    while (_waiting is { Count: > 0 } waiting && waiting.Peek().IsAbandoned)
                    {
                        waiting.Dequeue();
                    }

                    if (_waiting is not { Count: > 0 } || !CanStartNow(_waiting.Peek(), behindWaiting: false))
                    {
                        return;
                    }

                    next = _waiting.Dequeue();
                    (_running ??= new List<GrainRequest>(1)).Add(next);
                }
            }

            if (deactivate is { } why)
            {
                _ = DeactivateAsync(why);
                return;
            }

            next!.StartQueuedTurn();
        }
    }

    private enum Admission
    {
        Start,
        Wait,
        Forward,
    }
}
