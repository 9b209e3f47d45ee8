namespace ChatDb.Runtime;

/// <summary>
/// The gateway connection a call travelled on is gone (the silo stopped, crashed or could not be
/// reached). Whether the grain ran the call is unknown; the next call reconnects.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
    {
    }

    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
