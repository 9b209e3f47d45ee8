namespace ChatDb.Runtime.Storage;

/// <summary>The state object a grain storage provider reads into and writes from.</summary>
public interface IGrainState<T>
{
    T State { get; set; }

    /// <summary>Opaque version of the stored record; <c>null</c> when nothing is stored.</summary>
    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

public sealed class GrainState<T> : IGrainState<T>
{
    public GrainState(T state) => State = state;

    public T State { get; set; }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
