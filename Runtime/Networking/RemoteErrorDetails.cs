using ChatDb.Runtime.Storage;
using ChatDb.Storage;

namespace ChatDb.Runtime.Networking;

/// <summary>
/// The structured facts of an exception that callers branch on (which limit, which ETags), carried
/// beside the type and message in a gateway error frame so a remote caller sees what an in-process
/// caller sees. Only these known types contribute; nothing else is read from or trusted on the wire.
/// </summary>
internal static class RemoteErrorDetails
{
    private const string LimitName = "limitName";
    private const string Limit = "limit";
    private const string Actual = "actual";
    private const string StoredEtag = "storedEtag";
    private const string CurrentEtag = "currentEtag";

    /// <summary>The facts worth sending for <paramref name="error"/>, or <c>null</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>>? Capture(Exception error) => error switch
    {
        StorageLimitExceeded { LimitName: not null } limit =>
        [
            new(LimitName, limit.LimitName),
            new(Limit, limit.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(Actual, limit.Actual.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        InconsistentStateException conflict => [new(StoredEtag, conflict.StoredEtag), new(CurrentEtag, conflict.CurrentEtag)],
        _ => null,
    };

    /// <summary>Rebuilds an exception of a known type with its facts; <c>null</c> when the type has none.</summary>
    public static Exception? Rebuild(string typeName, string message, IReadOnlyDictionary<string, string?> details)
    {
        if (typeName == typeof(StorageLimitExceeded).FullName
            && details.TryGetValue(LimitName, out var name) && name is not null
            && long.TryParse(details.GetValueOrDefault(Limit), System.Globalization.CultureInfo.InvariantCulture, out var limit)
            && long.TryParse(details.GetValueOrDefault(Actual), System.Globalization.CultureInfo.InvariantCulture, out var actual))
        {
            return new StorageLimitExceeded(message, name, limit, actual);
        }

        if (typeName == typeof(InconsistentStateException).FullName)
        {
            return new InconsistentStateException(message, details.GetValueOrDefault(StoredEtag), details.GetValueOrDefault(CurrentEtag));
        }

        return null;
    }
}
