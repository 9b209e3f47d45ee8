using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains;

/// <summary>
/// A persona definition with its versions. Key <c>{personaId}</c> for a global persona,
/// <c>{userId}/{personaId}</c> for a user's own (see <see cref="ChatGrainKeys"/>).
/// </summary>
public partial interface IPersonaGrain : IGrainWithStringKey
{
    /// <summary>Saves a new version (1 for the first save, then 2, 3, ...); every version stays readable.</summary>
    Task<Persona> SaveAsync(Dictionary<string, JsonElement> data);

    /// <summary>The latest version, or null when the persona was never saved.</summary>
    [ReadOnly]
    Task<Persona?> GetAsync();

    /// <summary>Version <paramref name="version"/>, or null when there is no such version.</summary>
    [ReadOnly]
    Task<Persona?> GetVersionAsync(int version);

    /// <summary>The stored versions, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PersonaVersionInfo>> ListVersionsAsync();

    /// <summary>
    /// Copies this persona's latest version to the persona <paramref name="targetPersonaId"/> of user
    /// <paramref name="targetUserId"/> (a share), or to the global persona of that id when it is null (a publish). The
    /// copy is version 1 of a new persona whose <see cref="Persona.CopiedFrom"/> names this one. NotFoundError when this
    /// persona does not exist; ValidationError when the target exists or is this persona.
    /// </summary>
    Task<Persona> CopyToAsync(string? targetUserId, string targetPersonaId);

    /// <summary>Called by <see cref="CopyToAsync"/> on the target: creates this persona as a copy of <paramref name="original"/>.</summary>
    Task<Persona> CreateAsCopyAsync(Persona original);

    /// <summary>Removes the persona and all its versions; returns how many versions were removed.</summary>
    Task<int> DeleteAsync();
}
