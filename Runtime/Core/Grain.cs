namespace ChatDb.Runtime;

/// <summary>
/// Base class of grain classes. The runtime creates instances (through DI) for activations; grain
/// code runs one turn at a time on the activation's scheduler, so it needs no locks and must not block.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly ActivationData? _activation;

    protected Grain() => _activation = ActivationData.Constructing;

    /// <summary>The grain's identity (type + key).</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>For calling other grains from this one.</summary>
    public IGrainFactory GrainFactory => Activation.Catalog.GrainFactory;

    internal ActivationData Activation => _activation
        ?? throw new InvalidOperationException($"{GetType().Name} was not created by the runtime; grains come from IGrainFactory.GetGrain.");

    /// <summary>Runs after persistent state was loaded and before the first request. Failing here fails the activation.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before the activation goes away, best effort: not after a crash.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request completes; the next call gets a fresh one.</summary>
    protected void DeactivateOnIdle() => Activation.DeactivateOnIdle();

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation (never concurrently with a
    /// request unless <see cref="GrainTimerCreationOptions.Interleave"/>); the next period starts when the
    /// callback's task completes. Ticks do not keep the activation alive unless <see cref="GrainTimerCreationOptions.KeepAlive"/>.
    /// The timer stops when the activation deactivates.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(GrainTimer.Start(Activation, (s, ct) => callback((TState)s!, ct), state, options));
    }

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(GrainTimer.Start(Activation, (_, ct) => callback(ct), null, options));
    }

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });
}
