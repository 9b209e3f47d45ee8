using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Personas;

/// <summary>
/// Sharing (a copy into another user's personas) and publishing (a copy as a global persona): the target grain
/// creates the copy as its own version 1, so each persona stays the single writer of its files, and the copy records
/// where it came from.
/// </summary>
public sealed partial class PersonaGrain
{
    public async Task<Persona> CopyToAsync(string? targetUserId, string targetPersonaId)
    {
        // The target is checked first: a bad id is refused the same whether the original exists or not.
        var personaId = EntityIdValidator.Validate(targetPersonaId, "target persona id");
        var userId = targetUserId is null ? null : EntityIdValidator.Validate(targetUserId, "target user id");
        var original = _persona.State ?? throw new NotFoundError($"{Subject} does not exist.");
        if (userId == _userId && personaId == _personaId)
        {
            throw new ValidationError($"{Subject}: a persona cannot be copied onto itself (rule: copy-to-another).");
        }

        var key = userId is null ? ChatGrainKeys.GlobalPersona(personaId) : ChatGrainKeys.UserPersona(userId, personaId);
        return await GrainFactory.GetGrain<IPersonaGrain>(key).CreateAsCopyAsync(original);
    }

    public async Task<Persona> CreateAsCopyAsync(Persona original)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (_persona.State is not null)
        {
            throw new ValidationError(
                $"{Subject} already exists; a copy never replaces a persona: delete it first or choose another id (rule: copy-target-exists).");
        }

        var origin = new PersonaOrigin(original.UserId, original.Id, original.Version, ChatClock.Now(_time));
        return await SaveVersionAsync(JsonMaps.Copy(original.Data), origin);
    }
}
