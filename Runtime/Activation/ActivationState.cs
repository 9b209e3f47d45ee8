namespace ChatDb.Runtime;

internal enum ActivationState : byte
{
    /// <summary>In the directory, nothing started yet.</summary>
    Created,

    /// <summary>Constructing the grain, loading its state, running <c>OnActivateAsync</c>; requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running <c>OnDeactivateAsync</c>; requests wait and then go to a fresh activation.</summary>
    Deactivating,

    /// <summary>Gone from the directory; anything still arriving is forwarded.</summary>
    Invalid,
}
