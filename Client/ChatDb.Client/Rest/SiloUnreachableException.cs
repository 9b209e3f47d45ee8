namespace ChatDb.Client;

/// <summary>No answer from the silo's HTTP address: the connection was refused, the name did not resolve, or nothing answered in time.</summary>
public sealed class SiloUnreachableException : Exception
{
    public SiloUnreachableException()
    {
    }

    public SiloUnreachableException(string message)
        : base(message)
    {
    }

    public SiloUnreachableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public SiloUnreachableException(Uri silo, Exception? innerException)
        : base($"no answer from a silo at {silo}: {innerException?.Message}", innerException)
    {
        Silo = silo;
    }

    /// <summary>The address that did not answer.</summary>
    public Uri? Silo { get; }
}
