using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests.Grains;

/// <summary>A timer whose ticks check that no request is mid-flight when they run.</summary>
public interface ITimerGrain : IGrainWithIntegerCompoundKey
{
    Task StartAsync(TimeSpan period);

    /// <summary>Holds a request open until gate "{key}/release" opens.</summary>
    Task HoldAsync();

    Task StopAsync();

    Task DeactivateAsync();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private bool _requestInFlight;
    private IGrainTimer? _timer;

    private string Key => $"{this.GetPrimaryKeyLong(out var extension)}+{extension}";

    public Task StartAsync(TimeSpan period)
    {
        _timer = RegisterGrainTimer(_ =>
        {
            Probe.Increment(Key + "/ticks");
            if (_requestInFlight)
            {
                Probe.Increment(Key + "/ticks-during-request");
            }

            if (TaskScheduler.Current is not ActivationTaskScheduler)
            {
                Probe.Increment(Key + "/ticks-off-scheduler");
            }

            Probe.Signal($"{Key}/tick{Probe.Count(Key + "/ticks")}");
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions { DueTime = period, Period = period });
        return Task.CompletedTask;
    }

    public async Task HoldAsync()
    {
        _requestInFlight = true;
        Probe.Signal(Key + "/holding");
        await Probe.WhenSignalled(Key + "/release");
        _requestInFlight = false;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Signal(Key + "/deactivated");
        return Task.CompletedTask;
    }
}
