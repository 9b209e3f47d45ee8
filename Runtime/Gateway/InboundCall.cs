namespace ChatDb.Runtime.Gateway;

/// <summary>
/// A call frame as read by <see cref="CallFrameParser"/>: either a ready <see cref="Request"/> or,
/// when the method is unknown or the arguments did not deserialize, an <see cref="Error"/> to answer with.
/// </summary>
internal struct InboundCall
{
    public bool IsOneWay;
    public long Id;
    public GrainId Target;
    public GrainMethodDescriptor? Method;
    public string? TargetSilo;
    public Guid CallChainId;
    public GrainRequest? Request;
    public Exception? Error;
}
