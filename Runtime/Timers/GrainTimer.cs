namespace ChatDb.Runtime;

/// <summary>
/// One grain timer: a one-shot <see cref="ITimer"/> re-armed after each tick completes, so ticks never
/// overlap. Each tick is delivered to the activation as a request, which is what makes it a turn.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private static readonly TimerCallback FireCallback = static state => ((GrainTimer)state!).Fire();

    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;
    private readonly GrainMethodDescriptor _tickMethod;
    private TimeSpan _period;
    private bool _ticking;
    private bool _changedDuringTick;

    private GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _period = options.Period;
        _tickMethod = TimerTickRequest.Method(options.Interleave, options.KeepAlive);
        _timer = activation.Catalog.TimeProvider.CreateTimer(FireCallback, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsDisposed => _disposed.IsCancellationRequested;

    public static GrainTimer Start(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(activation, callback, state, options);
        timer._timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
        return timer;
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _period = period;
        _changedDuringTick = _ticking;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.OnTimerDisposed(this);
    }

    private void Fire()
    {
        if (!IsDisposed)
        {
            _activation.Deliver(new TimerTickRequest(this, _tickMethod));
        }
    }

    /// <summary>The tick's turn: runs the callback on the activation's scheduler, then re-arms.</summary>
    public async ValueTask<VoidResult> TickAsync()
    {
        _ticking = true;
        _changedDuringTick = false;
        try
        {
            await _callback(_state, _disposed.Token);
        }
        catch (Exception error) when (!IsDisposed)
        {
            _activation.Catalog.Log.TimerCallbackFailed(error, _activation.GrainId);
        }
        catch (OperationCanceledException)
        {
            // Disposed while ticking: the callback saw its token cancelled.
        }
        finally
        {
            _ticking = false;
            if (!IsDisposed && !_changedDuringTick && _period != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }

        return default;
    }
}
