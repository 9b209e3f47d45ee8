namespace ChatDb.Runtime;

/// <summary>
/// Base of the generated typed references: an id plus the invoker that carries calls. Two references
/// are equal when they name the same grain through the same interface.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    private readonly IGrainCallInvoker _invoker;

    protected GrainReference(GrainId grainId, IGrainCallInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        GrainId = grainId;
        _invoker = invoker;
    }

    public GrainId GrainId { get; }

    public abstract Type InterfaceType { get; }

    protected Task<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request) => _invoker.InvokeAsync(GrainId, request);

    public bool Equals(GrainReference? other) =>
        other is not null && GrainId.Equals(other.GrainId) && InterfaceType == other.InterfaceType;

    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";
}
