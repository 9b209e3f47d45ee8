using ChatDb.Storage.Ids;
using ChatDb.Storage;

namespace ChatDb.Grains.Internal;

/// <summary>
/// Splits and validates grain keys (docs/GRAINS.md): every segment follows the id rules of
/// <see cref="EntityIdValidator"/>, session and panel ids have the generated form. A grain calls these
/// when it activates, so a hostile key fails the activation with a <see cref="ValidationError"/>.
/// </summary>
internal static class GrainKeyParts
{
    public static string UserId(string key) => EntityIdValidator.Validate(key, "user id");

    public static (string UserId, string SessionId) Session(string key, EntityIdFormat format)
    {
        var segments = Split(key, 2, 2, "session key", "{userId}/{sessionId}");
        var userId = EntityIdValidator.Validate(segments[0], "user id");
        var sessionId = format.Validate(GeneratedIdKind.Session, segments[1]);
        return (userId, sessionId);
    }

    public static string PanelId(string key, EntityIdFormat format) => format.Validate(GeneratedIdKind.Panel, key);

    /// <summary><c>{personaId}</c> (global, user null) or <c>{userId}/{personaId}</c>.</summary>
    public static (string? UserId, string PersonaId) Persona(string key)
    {
        var segments = Split(key, 1, 2, "persona key", "{personaId} or {userId}/{personaId}");
        return segments.Length == 1
            ? (null, EntityIdValidator.Validate(segments[0], "persona id"))
            : (EntityIdValidator.Validate(segments[0], "user id"), EntityIdValidator.Validate(segments[1], "persona id"));
    }

    /// <summary><see cref="ChatGrainKeys.Global"/> (null: global personas) or a user id.</summary>
    public static string? CatalogScope(string key) =>
        string.Equals(key, ChatGrainKeys.Global, StringComparison.Ordinal) ? null : EntityIdValidator.Validate(key, "user id");

    private static string[] Split(string key, int min, int max, string what, string form)
    {
        var segments = key.Split(ChatGrainKeys.Separator);
        if (segments.Length < min || segments.Length > max)
        {
            throw new ValidationError(
                $"{what} {IdText.Escape(key)} is rejected by rule 'key-segments': it must have the form {form} ({segments.Length} segments).");
        }

        return segments;
    }
}
