using ChatDb.Storage;
using System.Globalization;
using ChatDb.Storage.Ids;

namespace ChatDb.Silo.Api.Http;

/// <summary>
/// Query string parameters, parsed here rather than by the framework's binder so a bad value is a
/// <see cref="ValidationError"/> with the API's error body that names the parameter.
/// </summary>
internal static class QueryArgs
{
    public static string? Text(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new ValidationError($"query parameter '{name}' is given {values.Count} times; give it once."),
        };
    }

    public static int? Int(HttpRequest request, string name) =>
        Text(request, name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Rejected(name, text, "an integer")
            : null;

    public static long? Long(HttpRequest request, string name) =>
        Text(request, name) is { } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Rejected(name, text, "an integer")
            : null;

    public static bool Flag(HttpRequest request, string name) =>
        Text(request, name) is { } text && (bool.TryParse(text, out var value) ? value : throw Rejected(name, text, "true or false"));

    /// <summary>An ISO 8601 instant; one without an offset is taken as UTC.</summary>
    public static DateTimeOffset? Instant(HttpRequest request, string name) =>
        Text(request, name) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : throw Rejected(name, text, "an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z")
            : null;

    /// <summary>The prefix of metadata filters: <c>?metadata.key=value</c>, several ANDed.</summary>
    public const string MetadataPrefix = "metadata.";

    /// <summary>Every <c>metadata.key=value</c> parameter as key → value; null when there is none.</summary>
    public static IReadOnlyDictionary<string, string>? Metadata(HttpRequest request)
    {
        Dictionary<string, string>? filter = null;
        foreach (var name in request.Query.Keys)
        {
            if (!name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = name[MetadataPrefix.Length..];
            if (key.Length == 0)
            {
                throw new ValidationError($"query parameter '{name}' names no metadata key; write {MetadataPrefix}KEY=VALUE.");
            }

            filter ??= new Dictionary<string, string>(StringComparer.Ordinal);
            filter[key] = Text(request, name)!;
        }

        return filter;
    }

    private static ValidationError Rejected(string name, string text, string expected) =>
        new($"query parameter '{name}' = {IdText.Escape(text)} must be {expected}.");
}
