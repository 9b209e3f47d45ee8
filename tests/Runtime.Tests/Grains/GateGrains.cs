using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests.Grains;

/// <summary>Requests that wait on gates the test opens, recording how turns and requests overlap.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Journals "enter:{tag}", waits for gate "{key}/{tag}", journals "exit:{tag}".</summary>
    Task EnterAndWaitAsync(string tag);

    [ReadOnly]
    Task ReadAndWaitAsync(string tag);

    [AlwaysInterleave]
    Task<int> PeekRequestsInFlightAsync();

    /// <summary>Several short turns separated by yields; returns the most turns ever seen running at once.</summary>
    Task<int> ManyTurnsAsync(int turns);

    Task<bool> SchedulerIsTheActivationsAcrossAwaitsAsync();
}

public interface INonReentrantGateGrain : IGateGrain
{
}

public interface IReentrantGateGrain : IGateGrain
{
}

public abstract class GateGrainBase : Grain, IGateGrain
{
    private int _requestsInFlight;
    private int _turnsRunning;
    private int _maxTurnsRunning;

    public async Task EnterAndWaitAsync(string tag)
    {
        _requestsInFlight++;
        var key = this.GetPrimaryKeyString();
        Probe.Record(key, "enter:" + tag);
        Probe.Signal($"{key}/entered:{tag}");
        await Probe.WhenSignalled($"{key}/{tag}");
        Probe.Record(key, "exit:" + tag);
        _requestsInFlight--;
    }

    public Task ReadAndWaitAsync(string tag) => EnterAndWaitAsync(tag);

    public Task<int> PeekRequestsInFlightAsync() => Task.FromResult(_requestsInFlight);

    public async Task<int> ManyTurnsAsync(int turns)
    {
        for (var i = 0; i < turns; i++)
        {
            var running = Interlocked.Increment(ref _turnsRunning);
            _maxTurnsRunning = Math.Max(_maxTurnsRunning, running);
            Thread.SpinWait(200);
            Interlocked.Decrement(ref _turnsRunning);
            await Task.Yield();
        }

        return _maxTurnsRunning;
    }

    public async Task<bool> SchedulerIsTheActivationsAcrossAwaitsAsync()
    {
        var before = TaskScheduler.Current;
        await Task.Delay(1);
        var afterDelay = TaskScheduler.Current;
        await Task.Yield();
        return before is ActivationTaskScheduler scheduler
            && scheduler.Activation.GrainId == GrainId
            && ReferenceEquals(before, afterDelay)
            && ReferenceEquals(before, TaskScheduler.Current);
    }
}

public sealed class NonReentrantGateGrain : GateGrainBase, INonReentrantGateGrain
{
}

[Reentrant]
public sealed class ReentrantGateGrain : GateGrainBase, IReentrantGateGrain
{
}
