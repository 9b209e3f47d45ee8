using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests.Grains;

/// <summary>Grains whose deactivations the idle-collection tests count ("{key}/deactivated").</summary>
public interface ILifecycleGrain : IGrainWithGuidKey
{
    Task<Guid> PingAsync();
}

public interface IDefaultAgeGrain : ILifecycleGrain
{
}

public interface IShortAgeGrain : ILifecycleGrain
{
}

public interface IPinnedGrain : ILifecycleGrain
{
}

/// <summary>Only makes outgoing calls and has timer ticks: neither keeps it alive.</summary>
public interface IBusyBodyGrain : ILifecycleGrain
{
    /// <summary>Every <paramref name="period"/>: counts a tick and pings <paramref name="other"/>.</summary>
    Task StartTimerAsync(TimeSpan period, Guid other);
}

public abstract class LifecycleGrainBase : Grain, ILifecycleGrain
{
    public Task<Guid> PingAsync() => Task.FromResult(this.GetPrimaryKey());

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Increment(this.GetPrimaryKey() + "/deactivated");
        return Task.CompletedTask;
    }
}

public sealed class DefaultAgeGrain : LifecycleGrainBase, IDefaultAgeGrain
{
}

[CollectionAgeLimit(Minutes = 2)]
public sealed class ShortAgeGrain : LifecycleGrainBase, IShortAgeGrain
{
}

[KeepAlive]
public sealed class PinnedGrain : LifecycleGrainBase, IPinnedGrain
{
}

public sealed class BusyBodyGrain : LifecycleGrainBase, IBusyBodyGrain
{
    public Task StartTimerAsync(TimeSpan period, Guid other)
    {
        RegisterGrainTimer(async _ =>
        {
            await GrainFactory.GetGrain<IDefaultAgeGrain>(other).PingAsync();
            Probe.Increment(this.GetPrimaryKey() + "/ticks");
        }, new GrainTimerCreationOptions { DueTime = period, Period = period });
        return Task.CompletedTask;
    }
}
