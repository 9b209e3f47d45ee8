namespace ChatDb.Runtime.Gateway;

/// <summary>A peer broke the wire protocol; the connection is closed with this as the logged reason.</summary>
internal sealed class GatewayProtocolException : Exception
{
    public GatewayProtocolException()
    {
    }

    public GatewayProtocolException(string message)
        : base(message)
    {
    }

    public GatewayProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
