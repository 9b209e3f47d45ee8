using Orleans;

namespace ChatDb.Storage.Tests.Grains;

/// <summary>A grain with two <c>[PersistentLog]</c> facets of one entry type: "notes" on the default provider, "events" on "Archive".</summary>
public interface ILogGrain : IGrainWithStringKey
{
    /// <summary>Identifies the activation, so a test can tell that a deactivation happened.</summary>
    Task<Guid> GetActivationIdAsync();

    /// <summary>The notes' count as <c>OnActivateAsync</c> saw it.</summary>
    Task<long> GetCountSeenAtActivationAsync();

    /// <summary>The notes' count as a lifecycle observer of the grain saw it at the <c>Activate</c> stage.</summary>
    Task<long> GetCountSeenAtActivateStageAsync();

    Task<long> GetCountAsync();

    /// <summary>Appends one note per text as one group, numbered on from the count; returns the last sequence.</summary>
    Task<long> AppendAsync(string[] texts);

    Task<NoteView[]> ReadAsync(long fromSequence, int maxCount);

    Task<NoteView[]> ReadTailAsync(int count);

    Task ClearAsync();

    Task<long> AppendEventAsync(string text);
}
