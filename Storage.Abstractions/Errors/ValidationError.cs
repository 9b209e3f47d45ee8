using Orleans;

namespace ChatDb.Storage;

/// <summary>Caller input broke a rule: a hostile id, a bad filename, a malformed value.</summary>
[GenerateSerializer, Alias("chatdb.ValidationError")]
public class ValidationError : StorageError
{
    public ValidationError() { }

    public ValidationError(string message) : base(message) { }

    public ValidationError(string message, Exception? innerException) : base(message, innerException) { }
}
