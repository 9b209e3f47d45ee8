using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

public sealed class FlatfileWriteGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Pause_WaitsForTheWriteInFlight_AndHoldsBackWritesThatStartDuringIt()
    {
        var gate = new FlatfileWriteGate();
        var release = new TaskCompletionSource();
        var inFlight = gate.RunAsync(() => release.Task);

        var pausing = gate.PauseAsync();
        Assert.False(pausing.IsCompleted, "the pause must wait for the write in flight");
        release.SetResult();
        var pause = await pausing.WaitAsync(Patience);

        var started = false;
        var later = gate.RunAsync(() =>
        {
            started = true;
            return Task.CompletedTask;
        });
        Assert.False(started, "a write must not start while the pause is held");
        Assert.Equal(0, gate.Active);

        pause.Dispose();
        await later.WaitAsync(Patience);
        await inFlight.WaitAsync(Patience);
        Assert.True(started);
    }

    [Fact]
    public async Task NestedWrite_WhileAPauseWaits_DoesNotDeadlock()
    {
        var gate = new FlatfileWriteGate();
        var outerEntered = new TaskCompletionSource();
        var pauseRequested = new TaskCompletionSource();
        var outer = gate.RunAsync(async () =>
        {
            outerEntered.SetResult();
            await pauseRequested.Task;
            return await gate.RunAsync(() => Task.FromResult(42));
        });
        await outerEntered.Task.WaitAsync(Patience);

        var pausing = gate.PauseAsync();
        pauseRequested.SetResult();

        Assert.Equal(42, await outer.WaitAsync(Patience));
        (await pausing.WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task CancelledPause_LetsWritesGoOn()
    {
        var gate = new FlatfileWriteGate();
        var release = new TaskCompletionSource();
        var inFlight = gate.RunAsync(() => release.Task);
        using var cancel = new CancellationTokenSource();

        var pausing = gate.PauseAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pausing);

        await gate.RunAsync(() => Task.CompletedTask).WaitAsync(Patience);
        release.SetResult();
        await inFlight.WaitAsync(Patience);
        (await gate.PauseAsync().WaitAsync(Patience)).Dispose();
    }
}
