
namespace ChatDb.Grains;

/// <summary>
/// Builds the string keys of the chat grains (see docs/GRAINS.md). Keys are made of id segments
/// joined by <see cref="Separator"/>; each segment is validated by the grain when it activates, so a
/// hostile id fails with a <c>ValidationError</c> whichever way the key was built.
/// </summary>
public static class ChatGrainKeys
{
    /// <summary>Separates the segments of a compound key (user id / session id).</summary>
    public const char Separator = '/';

    /// <summary>Key of <see cref="IPersonaCatalogGrain"/> and <see cref="IPanelDirectoryGrain"/> for global data.</summary>
    public const string Global = "global";

    /// <summary>Key of <see cref="ISessionGrain"/>: <c>{userId}/{sessionId}</c>.</summary>
    public static string Session(string userId, string sessionId) => Join(userId, sessionId);

    /// <summary>Key of a user's own <see cref="IPersonaGrain"/>: <c>{userId}/{personaId}</c>.</summary>
    public static string UserPersona(string userId, string personaId) => Join(userId, personaId);

    /// <summary>Key of a global <see cref="IPersonaGrain"/>: <c>{personaId}</c>.</summary>
    public static string GlobalPersona(string personaId)
    {
        ArgumentNullException.ThrowIfNull(personaId);
        return personaId;
    }

    /// <summary>Key of <see cref="IPersonaCatalogGrain"/>: the user id, or <see cref="Global"/> when null.</summary>
    public static string PersonaCatalog(string? userId) => userId ?? Global;

    private static string Join(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return string.Concat(first, Separator.ToString(), second);
    }
}
