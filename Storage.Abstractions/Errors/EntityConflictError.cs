using Orleans;

namespace ChatDb.Storage;

/// <summary>
/// Another writer owns what this operation needed: an activation of the same entity holds its fence on another
/// silo (during a membership change Orleans can briefly run two), or other silos share the data directory a live
/// backup would have to stop. Nothing was written; the call can be retried once the other owner is gone.
/// </summary>
[GenerateSerializer, Alias("chatdb.EntityConflictError")]
public class EntityConflictError : StorageError
{
    public EntityConflictError() { }

    public EntityConflictError(string message) : base(message) { }

    public EntityConflictError(string message, Exception? innerException) : base(message, innerException) { }

    public EntityConflictError(string entity, string message)
        : base(message)
    {
        Entity = entity;
    }

    /// <summary>What is owned elsewhere: a grain id such as <c>session/alice/chat_session_…</c>, or a data directory.</summary>
    [Id(0)]
    public string? Entity { get; }
}
