using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Personas;

/// <summary>persona: characters and roles, a user's own and global ones, with versions, sharing and publishing.</summary>
public static class PersonaModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.Persona, "1.0.0",
        "Personas (character and role definitions), per user and global, versioned, shared and published.")
    {
        Routes = ["/personas", "/users/{userId}/personas"],
        GrainInterfaces = [typeof(IPersonaGrain), typeof(IPersonaCatalogGrain)],
        DataDirectories = ["users/{user_id}/personas/", "personas_global/"],
        Namespace = "ChatDb.Grains.Personas",
    };
}
