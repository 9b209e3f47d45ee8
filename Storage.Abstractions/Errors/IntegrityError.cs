using Orleans;

namespace ChatDb.Storage;

/// <summary>Data on disk is not what the layout promises: a corrupt record, a sequence gap, an unparsable document.</summary>
[GenerateSerializer, Alias("chatdb.IntegrityError")]
public class IntegrityError : StorageError
{
    public IntegrityError() { }

    public IntegrityError(string message) : base(message) { }

    public IntegrityError(string message, Exception? innerException) : base(message, innerException) { }
}
