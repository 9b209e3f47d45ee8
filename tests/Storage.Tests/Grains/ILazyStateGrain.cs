using Orleans;

namespace ChatDb.Storage.Tests.Grains;

/// <summary>
/// A grain with one state read at activation ("profile") and two read on first use ("context", a positional
/// record like ChatDb's situational context, and "documents", a class), all on the recording provider.
/// </summary>
public interface ILazyStateGrain : IGrainWithStringKey
{
    /// <summary>A call that touches no state.</summary>
    Task PingAsync();

    Task<TestProfile?> GetProfileAsync();

    /// <summary>The lazy states as they are before any read: context first, documents second.</summary>
    Task<UnreadStateView[]> PeekUnreadAsync();

    Task<TestProfile?> ReadContextAsync();

    Task<bool> ContextRecordExistsAsync();

    /// <summary>Sets and writes the context without reading it first.</summary>
    Task WriteContextAsync(TestProfile value);

    /// <summary>Clears the context without reading it first.</summary>
    Task ClearContextAsync();

    Task<TestSettings> ReadDocumentsAsync();
}
