using Orleans;

namespace ChatDb.Storage;

/// <summary>A setting is invalid or two settings conflict; raised at start-up and names the setting.</summary>
[GenerateSerializer, Alias("chatdb.ConfigurationError")]
public class ConfigurationError : StorageError
{
    public ConfigurationError() { }

    public ConfigurationError(string message) : base(message) { }

    public ConfigurationError(string message, Exception? innerException) : base(message, innerException) { }
}
