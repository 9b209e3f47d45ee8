namespace ChatDb.Runtime.Storage;

/// <summary>Something the caller named does not exist (a user, session, document, persona ...).</summary>
public class NotFoundError : StorageError
{
    public NotFoundError() { }

    public NotFoundError(string message) : base(message) { }

    public NotFoundError(string message, Exception? innerException) : base(message, innerException) { }
}
