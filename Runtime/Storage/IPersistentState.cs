namespace ChatDb.Runtime.Storage;

/// <summary>A named piece of grain state, injected through <see cref="PersistentStateAttribute"/>.</summary>
public interface IPersistentState<T>
{
    T State { get; set; }

    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync();

    Task WriteStateAsync();

    Task ClearStateAsync();
}
