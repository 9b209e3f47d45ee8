using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Keys;

/// <summary>
/// Parsing, one method per grain type: the number of segments first (rule <c>key-segments</c>), then every
/// segment by the id rules (<see cref="EntityIdValidator"/>; session and panel ids by their generated form,
/// <see cref="EntityIdFormat"/>). Each failure is a <see cref="ValidationError"/> naming the key and the rule.
/// </summary>
public static partial class ChatGrainKeys
{
    private const string KeySegmentsRule = "key-segments";

    /// <summary>The user id of a user grain key, <c>{userId}</c>.</summary>
    public static string ParseUser(string key) => UserId(Single(key, "user key", "{userId}"));

    /// <summary>The user and session id of a session grain key, <c>{userId}/{sessionId}</c>; the session id
    /// must have the generated form of <paramref name="ids"/>.</summary>
    public static SessionKey ParseSession(string key, EntityIdFormat ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var segments = Split(key, 2, 2, "session key", "{userId}/{sessionId}");
        return new SessionKey(UserId(segments[0]), ids.Validate(GeneratedIdKind.Session, segments[1]));
    }

    /// <summary>The panel id of a panel grain key, <c>{panelId}</c>, in the generated form of <paramref name="ids"/>.</summary>
    public static string ParsePanel(string key, EntityIdFormat ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Validate(GeneratedIdKind.Panel, Single(key, "panel key", "{panelId}"));
    }

    /// <summary>The panel and run id of a panel run grain key, <c>{panelId}/{runId}</c>.</summary>
    public static (string PanelId, string RunId) ParsePanelRun(string key, EntityIdFormat ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var segments = Split(key, 2, 2, "panel run key", "{panelId}/{runId}");
        return (ids.Validate(GeneratedIdKind.Panel, segments[0]), RunId(segments[1]));
    }

    /// <summary>A persona grain key: <c>{personaId}</c> (global) or <c>{userId}/{personaId}</c>.</summary>
    public static PersonaKey ParsePersona(string key)
    {
        var segments = Split(key, 1, 2, "persona key", "{personaId} (global) or {userId}/{personaId}");
        return segments.Length == 1
            ? new PersonaKey(null, PersonaId(segments[0]))
            : new PersonaKey(UserId(segments[0]), PersonaId(segments[1]));
    }

    /// <summary>The scope of a persona catalog grain key: null for <see cref="Global"/> (the global
    /// personas), otherwise the user id. So a user called <c>global</c> has no catalog of their own.</summary>
    public static string? ParsePersonaCatalog(string key)
    {
        var segment = Single(key, "persona catalog key", $"'{Global}' or {{userId}}");
        return string.Equals(segment, Global, StringComparison.Ordinal) ? null : UserId(segment);
    }

    /// <summary>The user id of a search grain key, <c>{userId}</c>.</summary>
    public static string ParseSearch(string key) => UserId(Single(key, "search key", "{userId}"));

    /// <summary>Checks a panel directory grain key: <see cref="Global"/> is the only one.</summary>
    public static void ParsePanelDirectory(string key) => RequireGlobal(key, "panel directory");

    /// <summary>Checks a retention grain key: <see cref="Global"/> is the only one.</summary>
    public static void ParseRetention(string key) => RequireGlobal(key, "retention grain");

    /// <summary>The segments of a key of a grain type without a grammar of its own: any number, each a valid id.</summary>
    public static string[] ParseSegments(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = key.Split(Separator);
        foreach (var segment in segments)
        {
            EntityIdValidator.Validate(segment, "grain key segment");
        }

        return segments;
    }

    private static string UserId(string segment) => EntityIdValidator.Validate(segment, "user id");

    private static string PersonaId(string segment) => EntityIdValidator.Validate(segment, "persona id");

    private static string Single(string key, string what, string form) => Split(key, 1, 1, what, form)[0];

    private static string[] Split(string key, int min, int max, string what, string form)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = key.Split(Separator);
        if (segments.Length < min || segments.Length > max)
        {
            throw new ValidationError(
                $"{what} {IdText.Escape(key)} is rejected by rule '{KeySegmentsRule}': it must have the form {form} "
                + $"({segments.Length} '{Separator}'-separated segment{(segments.Length == 1 ? "" : "s")} given).");
        }

        return segments;
    }

    private static void RequireGlobal(string key, string what)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!string.Equals(key, Global, StringComparison.Ordinal))
        {
            throw new ValidationError(
                $"{what} key {IdText.Escape(key)} is rejected by rule '{KeySegmentsRule}': the only {what} is '{Global}'.");
        }
    }
}
