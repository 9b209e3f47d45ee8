namespace ChatDb.Runtime;

/// <summary>
/// One call of a grain interface method: the generated subclass per method carries the arguments as
/// public properties <c>Arg0</c>, <c>Arg1</c>, ... (plain data, serializable with System.Text.Json) and
/// invokes the grain method directly. A request object serves exactly one call.
/// </summary>
public abstract class GrainRequest
{
    /// <summary>Call-chain id the caller allowed to re-enter (<see cref="Guid.Empty"/>: none).</summary>
    internal Guid CallChainId;

    /// <summary>The activation this request was handed to.</summary>
    internal ActivationData? Activation;

    /// <summary>The method this request invokes (a method, not a property, so serializers skip it).</summary>
    public abstract GrainMethodDescriptor GetMethod();

    /// <summary>
    /// Sends this request through <paramref name="invoker"/> and returns the result boxed: the entry
    /// point for callers that only know the method id, such as the network gateway.
    /// </summary>
    public abstract Task<object?> InvokeBoxedAsync(IGrainCallInvoker invoker, GrainId target);

    /// <summary>Completes the caller's side of a request that waited in a queue and never ran.</summary>
    internal abstract void Fail(Exception error);

    /// <summary>Hands a request that could not be delivered here to the catalog again.</summary>
    internal abstract void Forward(Catalog catalog, GrainId target);

    /// <summary>Starts the request as a turn on its activation's scheduler (called under no lock).</summary>
    internal abstract void StartQueuedTurn();

    /// <summary>Whether the caller already gave up (timed out), so running it would be wasted.</summary>
    internal abstract bool IsAbandoned { get; }

    /// <summary>Creates the caller's promise before the request waits in a queue.</summary>
    internal abstract void PrepareToWait(ActivationData activation);

    public override string ToString() => GetMethod().MethodId;
}
