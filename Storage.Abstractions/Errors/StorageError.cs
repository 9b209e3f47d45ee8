using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage;

/// <summary>
/// Root of the storage error hierarchy (docs/API.md, Errors). Every message names the ids involved and the
/// rule or limit that was broken, because these messages are what operators read in logs and what
/// REST callers see in the <c>message</c> field.
/// </summary>
[GenerateSerializer, Alias("chatdb.StorageError")]
public class StorageError : OrleansException
{
    public StorageError() { }

    public StorageError(string message) : base(message) { }

    public StorageError(string message, Exception? innerException) : base(message, innerException!) { }
}
