namespace ChatDb.Runtime.Client;

/// <summary>A call queued for the connection's writer loop.</summary>
internal readonly record struct OutboundCall(IPendingCall Pending, GrainId Target, GrainRequest Request, Guid CallChainId, long TimeoutMs);
