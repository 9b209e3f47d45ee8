namespace ChatDb.Storage.Keys;

/// <summary>A parsed persona grain key (<see cref="ChatGrainKeys.ParsePersona"/>); <see cref="UserId"/>
/// is null for a global persona.</summary>
public readonly record struct PersonaKey(string? UserId, string PersonaId)
{
    public bool IsGlobal => UserId is null;
}
