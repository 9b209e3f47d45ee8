namespace ChatDb.Runtime;

/// <summary>A timer tick travelling through the activation's request queue; nobody awaits it.</summary>
internal sealed class TimerTickRequest(GrainTimer timer, GrainMethodDescriptor method) : GrainRequest<VoidResult>
{
    private static readonly GrainMethodDescriptor[] Methods =
    [
        GrainMethodDescriptor.CreateInternal("timer", typeof(TimerTickRequest), alwaysInterleave: false, countsAsActivity: false),
        GrainMethodDescriptor.CreateInternal("timer(keep-alive)", typeof(TimerTickRequest), alwaysInterleave: false, countsAsActivity: true),
        GrainMethodDescriptor.CreateInternal("timer(interleave)", typeof(TimerTickRequest), alwaysInterleave: true, countsAsActivity: false),
        GrainMethodDescriptor.CreateInternal("timer(interleave, keep-alive)", typeof(TimerTickRequest), alwaysInterleave: true, countsAsActivity: true),
    ];

    public static GrainMethodDescriptor Method(bool interleave, bool keepAlive) => Methods[(interleave ? 2 : 0) + (keepAlive ? 1 : 0)];

    public override GrainMethodDescriptor GetMethod() => method;

    public override ValueTask<VoidResult> InvokeAsync(object grain) => timer.TickAsync();

    internal override bool IsAbandoned => timer.IsDisposed;

    internal override void PrepareToWait(ActivationData activation)
    {
    }

    internal override void Fail(Exception error)
    {
    }

    // A tick that found its activation gone is dropped: timers die with their activation.
    internal override void Forward(Catalog catalog, GrainId target)
    {
    }
}
