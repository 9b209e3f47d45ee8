namespace ChatDb.Storage.Keys;

/// <summary>
/// The string keys of the chat grains (docs/GRAINS.md), built here and parsed here
/// (<c>ChatGrainKeys.Parse.cs</c>), so clients, grains and storage providers share one grammar. Keys are
/// id segments joined by <see cref="Separator"/>. Builders only join: each segment is validated when
/// the key is parsed (by the grain as it activates, by a storage provider before it builds a path), so a
/// hostile id fails with a <see cref="ValidationError"/> whichever way the key was built.
/// </summary>
public static partial class ChatGrainKeys
{
    /// <summary>Separates the segments of a compound key (user id / session id).</summary>
    public const char Separator = '/';

    /// <summary>The key of the grains that exist once (panel directory, retention) and of the catalog of
    /// global personas.</summary>
    public const string Global = "global";

    /// <summary>Key of a session grain: <c>{userId}/{sessionId}</c>.</summary>
    public static string Session(string userId, string sessionId) => Join(userId, sessionId);

    /// <summary>Key of a user's own persona grain: <c>{userId}/{personaId}</c>.</summary>
    public static string UserPersona(string userId, string personaId) => Join(userId, personaId);

    /// <summary>Key of a global persona grain: <c>{personaId}</c>.</summary>
    public static string GlobalPersona(string personaId)
    {
        ArgumentNullException.ThrowIfNull(personaId);
        return personaId;
    }

    /// <summary>Key of a persona catalog grain: the user id, or <see cref="Global"/> when null.</summary>
    public static string PersonaCatalog(string? userId) => userId ?? Global;

    private static string Join(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return string.Concat(first, Separator.ToString(), second);
    }
}
