namespace ChatDb.Grains.Search;

/// <summary>What opening a persisted index file found.</summary>
public enum SegmentLoadStatus
{
    /// <summary>The file was read and verified.</summary>
    Loaded,

    /// <summary>There is no file: a new user, or the index was never written.</summary>
    Missing,

    /// <summary>Wrong magic, unknown version, checksum mismatch, truncation or inconsistent content: rebuild from the logs.</summary>
    Corrupt,

    /// <summary>The file was written with other tokenizer settings: its terms would not match new queries; rebuild.</summary>
    SettingsChanged,

    /// <summary>The vectors were made by another embedder (id or dimension): re-embed every message; never mix.</summary>
    EmbedderChanged,
}

/// <summary>The outcome of reading an index file; <see cref="Reason"/> says why in words fit for a log.</summary>
public sealed record SegmentLoadResult<T>(SegmentLoadStatus Status, T? Value, string Reason)
    where T : class
{
    public bool IsLoaded => Status == SegmentLoadStatus.Loaded;
}
