using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>One entry of a session's context history (<c>context_history/{Id}.json</c>).</summary>
/// <param name="Id">Snapshot id, <c>context_YYYYMMDD_HHMMSS_ffffff</c> (UTC): when it was taken.</param>
/// <param name="Context">The context as it was.</param>
[Immutable]
public sealed record ContextSnapshot(string Id, SituationalContext Context);
