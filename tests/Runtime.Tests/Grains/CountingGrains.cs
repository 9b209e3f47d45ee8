using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests.Grains;

public sealed class GrainFailureException(string message) : Exception(message);

/// <summary>Counts constructions and deactivations per key in <see cref="Probe"/>.</summary>
public interface ICountingGrain : IGrainWithStringKey
{
    /// <summary>Which construction of this key serves the call (1 = first activation).</summary>
    Task<int> GetActivationNumberAsync();

    Task<int> IncrementAsync();

    Task ThrowAsync(string message);

    Task ThrowSynchronously(string message);

    Task ThrowInconsistentStateAsync();

    Task DeactivateOnIdleAsync();

    /// <summary>Makes the next OnDeactivateAsync wait for gate "{key}/release-deactivation".</summary>
    Task HoldNextDeactivationAsync();

    ValueTask<string> EchoAsync(string? text, int number);

    ValueTask TouchAsync();
}

public sealed class CountingGrain : Grain, ICountingGrain
{
    private readonly int _activationNumber;
    private int _counter;
    private bool _holdDeactivation;

    public CountingGrain() => _activationNumber = Probe.Increment(this.GetPrimaryKeyString() + "/constructed");

    public Task<int> GetActivationNumberAsync() => Task.FromResult(_activationNumber);

    public Task<int> IncrementAsync() => Task.FromResult(++_counter);

    public async Task ThrowAsync(string message)
    {
        await Task.Yield();
        throw new GrainFailureException(message);
    }

    public Task ThrowSynchronously(string message) => throw new GrainFailureException(message);

    public Task ThrowInconsistentStateAsync() => throw new InconsistentStateException($"stale etag in {GrainId}", "e1", "e2");

    public Task DeactivateOnIdleAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task HoldNextDeactivationAsync()
    {
        _holdDeactivation = true;
        return Task.CompletedTask;
    }

    public ValueTask<string> EchoAsync(string? text, int number) => ValueTask.FromResult($"{text}:{number}");

    public ValueTask TouchAsync() => ValueTask.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        Probe.Record(key + "/deactivations", reason.ReasonCode.ToString());
        if (_holdDeactivation)
        {
            Probe.Signal(key + "/deactivating");
            await Probe.WhenSignalled(key + "/release-deactivation");
        }

        Probe.Increment(key + "/deactivated");
    }
}

/// <summary>Fails OnActivateAsync while the probe counter "{key}/failures-left" is positive.</summary>
public interface IFlakyActivationGrain : IGrainWithIntegerKey
{
    Task<long> GetKeyAsync();
}

public sealed class FlakyActivationGrain : Grain, IFlakyActivationGrain
{
    public static int FailuresLeft;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref FailuresLeft) >= 0)
        {
            throw new GrainFailureException($"activation of {GrainId} refused");
        }

        return Task.CompletedTask;
    }

    public Task<long> GetKeyAsync() => Task.FromResult(this.GetPrimaryKeyLong());
}
