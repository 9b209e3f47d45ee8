using System.Globalization;

namespace ChatDb.Storage.Ids;

/// <summary>
/// The shape of generated ids, <c>{prefix}_{UTC timestamp}</c>: one prefix per kind, one timestamp format
/// for sessions and panels and one for context snapshots and insights (configurable, so the storage
/// passes its settings in). Formats and parses; generation is <see cref="EntityIds"/>.
/// </summary>
public sealed class EntityIdFormat
{
    private const DateTimeStyles UtcStyles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    /// <summary>
    /// The documented defaults (<c>chat_session</c>, <c>panel</c>, <c>context</c>, <c>insight</c>, microsecond UTC
    /// timestamps): what the grains use when no storage registers a configured format.
    /// </summary>
    public static EntityIdFormat Default { get; } =
        new("chat_session", "panel", "context", "insight", "yyyyMMdd_HHmmss_ffffff", "yyyyMMdd_HHmmss_ffffff");

    private readonly string _sessionIdPrefix;
    private readonly string _panelIdPrefix;
    private readonly string _contextIdPrefix;
    private readonly string _insightIdPrefix;
    private readonly string _sessionTimestampFormat;
    private readonly string _contextSnapshotTimestampFormat;

    /// <param name="sessionIdPrefix">Prefix of session ids, e.g. <c>chat_session</c>.</param>
    /// <param name="panelIdPrefix">Prefix of panel ids, e.g. <c>panel</c>.</param>
    /// <param name="contextIdPrefix">Prefix of context snapshot ids, e.g. <c>context</c>.</param>
    /// <param name="insightIdPrefix">Prefix of insight ids, e.g. <c>insight</c>.</param>
    /// <param name="sessionTimestampFormat">UTC timestamp format of session and panel ids.</param>
    /// <param name="contextSnapshotTimestampFormat">UTC timestamp format of context snapshot and insight ids.</param>
    public EntityIdFormat(
        string sessionIdPrefix,
        string panelIdPrefix,
        string contextIdPrefix,
        string insightIdPrefix,
        string sessionTimestampFormat,
        string contextSnapshotTimestampFormat)
    {
        ArgumentNullException.ThrowIfNull(sessionIdPrefix);
        ArgumentNullException.ThrowIfNull(panelIdPrefix);
        ArgumentNullException.ThrowIfNull(contextIdPrefix);
        ArgumentNullException.ThrowIfNull(insightIdPrefix);
        ArgumentNullException.ThrowIfNull(sessionTimestampFormat);
        ArgumentNullException.ThrowIfNull(contextSnapshotTimestampFormat);
        _sessionIdPrefix = sessionIdPrefix;
        _panelIdPrefix = panelIdPrefix;
        _contextIdPrefix = contextIdPrefix;
        _insightIdPrefix = insightIdPrefix;
        _sessionTimestampFormat = sessionTimestampFormat;
        _contextSnapshotTimestampFormat = contextSnapshotTimestampFormat;
    }

    public string Prefix(GeneratedIdKind kind) => kind switch
    {
        GeneratedIdKind.Session => _sessionIdPrefix,
        GeneratedIdKind.Panel => _panelIdPrefix,
        GeneratedIdKind.Context => _contextIdPrefix,
        GeneratedIdKind.Insight => _insightIdPrefix,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown generated id kind"),
    };

    public string TimestampFormat(GeneratedIdKind kind) => kind switch
    {
        GeneratedIdKind.Session or GeneratedIdKind.Panel => _sessionTimestampFormat,
        GeneratedIdKind.Context or GeneratedIdKind.Insight => _contextSnapshotTimestampFormat,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown generated id kind"),
    };

    /// <summary>How the kind is named in error messages ("session id", ...).</summary>
    public static string Describe(GeneratedIdKind kind) => kind switch
    {
        GeneratedIdKind.Session => "session id",
        GeneratedIdKind.Panel => "panel id",
        GeneratedIdKind.Context => "context snapshot id",
        GeneratedIdKind.Insight => "insight id",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown generated id kind"),
    };

    /// <summary>The id of <paramref name="kind"/> for <paramref name="timestamp"/> (converted to UTC).</summary>
    public string Format(GeneratedIdKind kind, DateTimeOffset timestamp) =>
        $"{Prefix(kind)}_{timestamp.UtcDateTime.ToString(TimestampFormat(kind), CultureInfo.InvariantCulture)}";

    /// <summary>Parses an id of <paramref name="kind"/>; only the exact form <see cref="Format"/> produces is accepted.</summary>
    public bool TryParse(GeneratedIdKind kind, string? id, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var prefix = Prefix(kind) + "_";
        if (!EntityIdValidator.IsValid(id) || !id!.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var text = id[prefix.Length..];
        var format = TimestampFormat(kind);
        if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, UtcStyles, out var parsed) ||
            !string.Equals(parsed.ToString(format, CultureInfo.InvariantCulture), text, StringComparison.Ordinal))
        {
            return false;
        }

        timestamp = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    public bool IsValid(GeneratedIdKind kind, string? id) => TryParse(kind, id, out _);

    /// <summary>Returns <paramref name="id"/> when it is a well-formed id of <paramref name="kind"/>;
    /// otherwise throws <see cref="ValidationError"/> naming the id and the rule it breaks.</summary>
    public string Validate(GeneratedIdKind kind, string? id)
    {
        var what = Describe(kind);
        EntityIdValidator.Validate(id, what);
        if (!IsValid(kind, id))
        {
            throw EntityIdValidator.Rejected(what, id, IdRule.GeneratedIdFormat,
                $"expected {Prefix(kind)}_{TimestampFormat(kind)}, UTC");
        }

        return id!;
    }
}
