using Orleans;

namespace ChatDb.Storage;

/// <summary>A configured limit (message size, messages per session, ...) would be exceeded.</summary>
[GenerateSerializer, Alias("chatdb.StorageLimitExceeded")]
public class StorageLimitExceeded : StorageError
{
    public StorageLimitExceeded() { }

    public StorageLimitExceeded(string message) : base(message) { }

    public StorageLimitExceeded(string message, Exception? innerException) : base(message, innerException) { }

    public StorageLimitExceeded(string limitName, long limit, long actual, string subject)
        : base($"{subject}: {actual} exceeds the limit {limitName} = {limit}.")
    {
        LimitName = limitName;
        Limit = limit;
        Actual = actual;
    }

    /// <summary>Rebuilds an error whose message was already composed (e.g. received from a silo).</summary>
    public StorageLimitExceeded(string message, string limitName, long limit, long actual)
        : base(message)
    {
        LimitName = limitName;
        Limit = limit;
        Actual = actual;
    }

    /// <summary>The configuration name of the limit, e.g. <c>MaxMessageSizeBytes</c>.</summary>
    [Id(0)]
    public string? LimitName { get; }

    [Id(1)]
    public long Limit { get; }

    [Id(2)]
    public long Actual { get; }
}
