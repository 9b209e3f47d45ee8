namespace ChatDb.Runtime;

public enum DeactivationReasonCode
{
    None,

    /// <summary>The grain called <c>DeactivateOnIdle()</c>.</summary>
    ApplicationRequested,

    /// <summary>Idle for longer than its collection age.</summary>
    ActivationIdle,

    /// <summary>The silo is stopping gracefully.</summary>
    ShuttingDown,

    /// <summary>A call failed with an error that leaves in-memory state untrustworthy (e.g. a stale ETag).</summary>
    ApplicationError,
}

/// <summary>Why an activation is being deactivated, passed to <c>OnDeactivateAsync</c>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    public override string ToString() => $"{ReasonCode}: {Description}";
}
