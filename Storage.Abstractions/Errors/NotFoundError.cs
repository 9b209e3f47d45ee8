using Orleans;

namespace ChatDb.Storage;

/// <summary>Something the caller named does not exist (a user, session, document, persona ...).</summary>
[GenerateSerializer, Alias("chatdb.NotFoundError")]
public class NotFoundError : StorageError
{
    public NotFoundError() { }

    public NotFoundError(string message) : base(message) { }

    public NotFoundError(string message, Exception? innerException) : base(message, innerException) { }
}
