using System.Globalization;
using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// The shape of generated ids, <c>{prefix}_{UTC timestamp}</c>, with the prefixes and formats from the
/// options (sessions and panels use <c>SessionTimestampFormat</c>, context snapshots and insights use
/// <c>ContextSnapshotTimestampFormat</c>). Formats and parses; generation is <see cref="EntityIds"/>.
/// </summary>
public sealed class EntityIdFormat
{
    private const DateTimeStyles UtcStyles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    private readonly FlatfileStorageOptions _options;

    public EntityIdFormat(FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Prefix(GeneratedIdKind kind) => kind switch
    {
        GeneratedIdKind.Session => _options.SessionIdPrefix,
        GeneratedIdKind.Panel => _options.PanelIdPrefix,
        GeneratedIdKind.Context => _options.ContextIdPrefix,
        GeneratedIdKind.Insight => _options.InsightIdPrefix,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown generated id kind"),
    };

    public string TimestampFormat(GeneratedIdKind kind) => kind switch
    {
        GeneratedIdKind.Session or GeneratedIdKind.Panel => _options.SessionTimestampFormat,
        GeneratedIdKind.Context or GeneratedIdKind.Insight => _options.ContextSnapshotTimestampFormat,
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
