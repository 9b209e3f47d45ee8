using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// The latest version with its ETag, and writes that happen only when the caller's expected ETag is still the
/// current one (<see cref="IfMatch"/>; null: no condition). The check and the write run in one grain turn; a stale
/// ETag throws <c>PreconditionFailedError</c> and nothing is written.
/// </summary>
public partial interface IPersonaGrain
{
    /// <summary>The latest version and its ETag, or null when the persona was never saved.</summary>
    [ReadOnly]
    Task<ETagged<Persona>?> GetWithETagAsync();

    /// <summary><see cref="SaveAsync"/> when the latest version's ETag is <paramref name="ifMatch"/> (a persona never saved matches nothing).</summary>
    Task<ETagged<Persona>> SaveIfMatchAsync(Dictionary<string, JsonElement> data, string? ifMatch);

    /// <summary><see cref="DeleteAsync"/> when the latest version's ETag is <paramref name="ifMatch"/>; 0 (nothing compared, nothing removed) when there is no persona.</summary>
    Task<int> DeleteIfMatchAsync(string? ifMatch);
}
