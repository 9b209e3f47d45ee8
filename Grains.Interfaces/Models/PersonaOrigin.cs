using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>Where a shared or published persona was copied from.</summary>
/// <param name="UserId">The owner of the original; null when it was a global persona.</param>
/// <param name="PersonaId">The original's id.</param>
/// <param name="Version">The original's version that was copied.</param>
/// <param name="CopiedAt">When the copy was made, UTC.</param>
[Immutable]
public sealed record PersonaOrigin(string? UserId, string PersonaId, int Version, DateTimeOffset CopiedAt);

/// <summary>The <see cref="Persona.Scope"/> a persona list marks each persona with.</summary>
public static class PersonaScopes
{
    public const string User = "user";
    public const string Global = "global";
}
