namespace ChatDb.Runtime;

/// <summary>
/// Ambient per-call context that travels with requests. Only call-chain reentrancy lives here for now:
/// inside <see cref="AllowCallChainReentrancy"/> the calls made (and the calls they make, transitively)
/// may re-enter any activation already busy with a request of the same chain, so A→B→A proceeds
/// instead of timing out.
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<Guid> CallChain = new();

    /// <summary>The current call-chain id, <see cref="Guid.Empty"/> when reentrancy is not allowed.</summary>
    public static Guid CallChainId
    {
        get => CallChain.Value;
        internal set
        {
            if (CallChain.Value != value)
            {
                CallChain.Value = value;
            }
        }
    }

    /// <summary>Allows calls made in this scope to re-enter activations of the same call chain.</summary>
    public static CallChainScope AllowCallChainReentrancy()
    {
        var previous = CallChain.Value;
        if (previous == Guid.Empty)
        {
            CallChain.Value = Guid.NewGuid();
        }

        return new CallChainScope(previous);
    }

    /// <summary>Calls made in this scope do not carry the current call-chain id.</summary>
    public static CallChainScope SuppressCallChainReentrancy()
    {
        var previous = CallChain.Value;
        CallChainId = Guid.Empty;
        return new CallChainScope(previous);
    }

    /// <summary>Restores the previous call-chain id when disposed.</summary>
    public readonly struct CallChainScope : IDisposable
    {
        private readonly Guid _previous;

        internal CallChainScope(Guid previous) => _previous = previous;

        public void Dispose() => CallChainId = _previous;
    }
}
