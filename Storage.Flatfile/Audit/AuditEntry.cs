namespace ChatDb.Storage.Flatfile.Audit;

/// <summary>
/// One line of the audit log: who (<c>key:{name}</c>, <c>anonymous</c>, <c>keys-file</c>), did what (<see cref="Action"/>,
/// the REST operation and the ids of its route), when, with which outcome, on which silo.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>When the operation finished (the silo's clock).</summary>
    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    /// <summary><c>delete</c>, <c>purge</c>, <c>redact</c>, <c>restore</c> or <c>keys_changed</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The REST operation (its OpenAPI operation id, e.g. <c>DeleteSession</c>) or the source of a key change.</summary>
    public required string Operation { get; init; }

    public string? Method { get; init; }

    public string? Path { get; init; }

    /// <summary>The route's ids (<c>userId</c>, <c>sessionId</c>, <c>seq</c>, ...).</summary>
    public IReadOnlyDictionary<string, string>? Ids { get; init; }

    /// <summary>The HTTP status answered (0 for what was not a request).</summary>
    public int Status { get; init; }

    /// <summary><c>ok</c>, <c>refused</c> (a 4xx: nothing or not all was done) or <c>failed</c> (a 5xx).</summary>
    public required string Outcome { get; init; }

    /// <summary>Names of keys added and removed, for <c>keys_changed</c>.</summary>
    public string? Details { get; init; }

    /// <summary>The silo that wrote the line (its file's name).</summary>
    public string? Silo { get; init; }
}

/// <summary>The stable <see cref="AuditEntry.Action"/> values.</summary>
public static class AuditActions
{
    public const string Delete = "delete";
    public const string Purge = "purge";
    public const string Redact = "redact";
    public const string Restore = "restore";
    public const string KeysChanged = "keys_changed";

    public static IReadOnlyList<string> All { get; } = [Delete, Purge, Redact, Restore, KeysChanged];
}
