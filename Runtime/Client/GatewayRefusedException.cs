namespace ChatDb.Runtime.Client;

/// <summary>The gateway answered the hello with a refusal other than an authentication failure (e.g. protocol version).</summary>
public sealed class GatewayRefusedException : Exception
{
    public GatewayRefusedException()
    {
    }

    public GatewayRefusedException(string message)
        : base(message)
    {
    }

    public GatewayRefusedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
