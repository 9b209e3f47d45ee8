using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains;

/// <summary>
/// Lists personas (key <see cref="ChatGrainKeys.Global"/> for global personas, a user id for that
/// user's own). A user whose id is literally "global" therefore has no personal catalog.
/// </summary>
public interface IPersonaCatalogGrain : IGrainWithStringKey
{
    /// <summary>The latest version of every persona of this scope, ordered by id.</summary>
    [ReadOnly]
    Task<IReadOnlyList<Persona>> ListAsync();

    /// <summary>
    /// The personas of this scope, and for a user's catalog the global ones after them, each with its
    /// <see cref="Persona.Scope"/> set; <paramref name="text"/> keeps those whose id, or <c>name</c>,
    /// <c>description</c> or <c>text</c> field, contains it (case-insensitive).
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<Persona>> FindAsync(string? text);

    /// <summary>The ids of this scope's personas, ordered.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListIdsAsync();

    /// <summary>From the persona grain: the persona was saved for the first time.</summary>
    [AlwaysInterleave]
    Task OnPersonaCreatedAsync(string personaId);

    /// <summary>From the persona grain: the persona was deleted.</summary>
    [AlwaysInterleave]
    Task OnPersonaDeletedAsync(string personaId);
}
