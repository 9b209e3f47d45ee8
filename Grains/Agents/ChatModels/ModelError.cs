namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// A model call that failed: the message names the model and says what went wrong (unreachable, an HTTP status, an
/// answer that is not the provider's format) in words of ChatDb's own, never the provider's text, which may echo the
/// request and with it the key.
/// </summary>
public sealed class ModelError : Exception
{
    public ModelError()
    {
    }

    public ModelError(string message) : base(message)
    {
    }

    public ModelError(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
