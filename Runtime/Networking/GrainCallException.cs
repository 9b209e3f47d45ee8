namespace ChatDb.Runtime;

/// <summary>
/// A grain call failed on the silo with an exception whose type the client may not rebuild (not on the
/// client's allow-list). <see cref="RemoteExceptionType"/> and the message are the original's.
/// </summary>
public sealed class GrainCallException : Exception
{
    public GrainCallException()
    {
    }

    public GrainCallException(string message)
        : base(message)
    {
    }

    public GrainCallException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public GrainCallException(string remoteExceptionType, string message)
        : base(message) => RemoteExceptionType = remoteExceptionType;

    /// <summary>Full name of the exception type thrown on the silo.</summary>
    public string? RemoteExceptionType { get; }

    public override string ToString() => $"{GetType().FullName} (remote {RemoteExceptionType}): {Message}{Environment.NewLine}{StackTrace}";
}
