using Orleans;

namespace ChatDb.Storage;

/// <summary>
/// A conditional write was refused because what is stored is no longer what the caller read: the ETag it
/// presented (HTTP <c>If-Match</c>) is not the current one, or nothing is stored. Nothing was written.
/// </summary>
[GenerateSerializer, Alias("chatdb.PreconditionFailedError")]
public class PreconditionFailedError : StorageError
{
    public PreconditionFailedError() { }

    public PreconditionFailedError(string message) : base(message) { }

    public PreconditionFailedError(string message, Exception? innerException) : base(message, innerException) { }

    public PreconditionFailedError(string message, string expectedETag, string? currentETag)
        : base(message)
    {
        ExpectedETag = expectedETag;
        CurrentETag = currentETag;
    }

    /// <summary>The ETag the caller presented, or <c>*</c> (anything stored).</summary>
    [Id(0)]
    public string? ExpectedETag { get; }

    /// <summary>The ETag of what is stored; null when nothing is.</summary>
    [Id(1)]
    public string? CurrentETag { get; }
}
