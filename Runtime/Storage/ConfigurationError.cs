namespace ChatDb.Runtime.Storage;

/// <summary>A setting is invalid or two settings conflict; raised at start-up and names the setting.</summary>
public class ConfigurationError : StorageError
{
    public ConfigurationError() { }

    public ConfigurationError(string message) : base(message) { }

    public ConfigurationError(string message, Exception? innerException) : base(message, innerException) { }
}
