using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Personas;

public sealed partial class PersonaGrain
{
    public Task<ETagged<Persona>?> GetWithETagAsync() =>
        Task.FromResult(_persona.State is { } persona ? EntityTags.Tag(persona) : null);

    public async Task<ETagged<Persona>> SaveIfMatchAsync(Dictionary<string, JsonElement> data, string? ifMatch)
    {
        EnsureMatches(ifMatch);
        return EntityTags.Tag(await SaveAsync(data));
    }

    public async Task<int> DeleteIfMatchAsync(string? ifMatch)
    {
        // Nothing to delete is the caller's "not found" (0), not a failed precondition.
        if (_persona.State is not null)
        {
            EnsureMatches(ifMatch);
        }

        return await DeleteAsync();
    }

    private void EnsureMatches(string? ifMatch) =>
        EntityTags.Ensure(ifMatch, () => _persona.State is { } persona ? EntityTags.Of(persona) : null, Subject);
}
