namespace ChatDb.Runtime;

/// <summary>Activation and deactivation of one activation, each run as turns on its scheduler.</summary>
internal sealed partial class ActivationData
{
    private object[]? _facets;
    private List<GrainTimer>? _timers;
    private TaskCompletionSource? _deactivated;

    /// <summary>Completes when this activation has left the directory (deactivated, failed or killed).</summary>
    public Task WhenDeactivated
    {
        get
        {
            lock (_lock)
            {
                _deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_state == ActivationState.Invalid)
                {
                    _deactivated.TrySetResult();
                }

                return _deactivated.Task;
            }
        }
    }

    private void StartActivation() =>
        _ = Task.Factory.StartNew(ActivateAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();

    private async Task ActivateAsync()
    {
        try
        {
            Grain grain;
            _constructing = this;
            try
            {
                (grain, _facets) = GrainClass.Constructor.Create(Catalog.Services, GrainId);
            }
            finally
            {
                _constructing = null;
            }

            GrainInstance = grain;
            await GrainClass.Constructor.LoadFacetsAsync(_facets, Catalog.StoppingToken);
            await grain.OnActivateAsync(Catalog.StoppingToken);
        }
        catch (Exception error)
        {
            Catalog.Log.ActivationFailed(error, GrainId, GrainClass.ClassType.Name);
            await FailActivationAsync(error);
            return;
        }

        lock (_lock)
        {
            _state = ActivationState.Valid;
        }

        Catalog.Metrics.ActivationAdded();
        PumpWaiting();
    }

    private async Task FailActivationAsync(Exception error)
    {
        DisposeTimers();
        await DisposeFacetsAsync();
        var waiting = Leave();
        foreach (var request in waiting)
        {
            request.Fail(error);
        }
    }

    /// <summary>Deactivates once the running requests are done (immediately when idle).</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid || _pendingDeactivation is not null)
            {
                return;
            }

            _pendingDeactivation = reason;
        }

        PumpWaiting();
    }

    /// <summary>Deactivates if nothing ran or arrived for <paramref name="idleFor"/>; called by the collector.</summary>
    public void CollectIfIdle(long now, TimeSpan idleFor)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _pendingDeactivation is not null || _running is { Count: > 0 } || _waiting is { Count: > 0 }
                || Catalog.TimeProvider.GetElapsedTime(_lastActivity, now) < idleFor)
            {
                return;
            }

            _state = ActivationState.Deactivating;
        }

        _ = DeactivateAsync(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"idle for longer than {idleFor}"));
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        DisposeTimers();
        try
        {
            var grain = (Grain)GrainInstance!;
            await Task.Factory.StartNew(
                () => grain.OnDeactivateAsync(reason, CancellationToken.None),
                CancellationToken.None,
                TaskCreationOptions.DenyChildAttach,
                Scheduler).Unwrap().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Catalog.Log.DeactivationFailed(error, GrainId, reason.ToString());
        }

        await DisposeFacetsAsync().ConfigureAwait(false);
        Catalog.Metrics.ActivationRemoved();
        Catalog.Log.Deactivated(GrainId, reason.ToString());
        foreach (var request in Leave())
        {
            if (!request.IsAbandoned)
            {
                request.Forward(Catalog, GrainId);
            }
        }
    }

    /// <summary>Leaves the directory, then turns Invalid; returns the requests that still waited here.</summary>
    private GrainRequest[] Leave()
    {
        // Removing first means nobody who finds this activation Invalid finds it in the directory again.
        Catalog.Remove(this);
        GrainRequest[] waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = _waiting?.ToArray() ?? [];
            _waiting = null;
            _deactivated?.TrySetResult();
        }

        return waiting;
    }

    /// <summary>The silo died: no grain code runs any more, requests that waited fail.</summary>
    public void Kill(Exception error)
    {
        DisposeTimers();
        foreach (var request in Leave())
        {
            request.Fail(error);
        }
    }

    public void DeactivateOnIdle() =>
        RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle() was called"));

    public GrainTimer RegisterTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        return timer;
    }

    public void OnTimerDisposed(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers?.ToArray() ?? [];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private async Task DisposeFacetsAsync()
    {
        var facets = _facets;
        _facets = null;
        if (facets is null)
        {
            return;
        }

        foreach (var facet in facets)
        {
            try
            {
                switch (facet)
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception error)
            {
                Catalog.Log.DeactivationFailed(error, GrainId, "disposing a persistent facet");
            }
        }
    }
}
