namespace ChatDb.Runtime.Storage;

/// <summary>
/// The stored version differs from the one the writer last saw: somebody else wrote in between.
/// The activation that hits this is deactivated so the next call reloads fresh state.
/// </summary>
public class InconsistentStateException : Exception
{
    public InconsistentStateException() { }

    public InconsistentStateException(string message) : base(message) { }

    public InconsistentStateException(string message, Exception? innerException) : base(message, innerException) { }

    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag found in storage.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer presented.</summary>
    public string? CurrentEtag { get; }
}
