using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

/// <summary>
/// The id checks the facades make themselves: not empty or blank (Orleans refuses a blank grain key), and no
/// separator inside a segment. Grain keys join ids with <see cref="ChatGrainKeys.Separator"/>, so a global
/// persona id "alice/p" would otherwise address alice's own persona p. Every other id rule is checked by the
/// grain the id reaches.
/// </summary>
internal static class ClientIds
{
    public static string Require(string? id, string kind)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ValidationError($"{kind} is rejected by rule 'not-empty': it must not be empty.");
        }

        // Orleans refuses a blank grain key with an ArgumentException before any grain could name the rule.
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ValidationError(
                $"{kind} \"{Shown(id)}\" is rejected by rule 'allowed-characters': it may contain only ASCII letters, digits, '_', '-' and '.'.");
        }

        if (id.Contains(ChatGrainKeys.Separator, StringComparison.Ordinal))
        {
            throw new ValidationError(
                $"{kind} \"{Shown(id)}\" is rejected by rule 'allowed-characters': it must not contain '{ChatGrainKeys.Separator}'.");
        }

        return id;
    }

    /// <summary>
    /// The id as one escaped URL path segment. "." and ".." are refused here because a URL drops them
    /// (users/../panels is panels), and control characters because the HTTP server refuses a path holding
    /// an escaped NUL before the API could answer with its error body.
    /// </summary>
    public static string Segment(string? id, string kind)
    {
        var segment = Require(id, kind);
        if (segment is "." or "..")
        {
            throw new ValidationError($"{kind} \"{segment}\" is rejected by rule 'no-dot-segment': it must not be '.' or '..'.");
        }

        if (segment.Any(char.IsControl))
        {
            throw new ValidationError(
                $"{kind} \"{Shown(segment)}\" is rejected by rule 'allowed-characters': it may contain only ASCII letters, digits, '_', '-' and '.'.");
        }

        return Uri.EscapeDataString(segment);
    }

    // Ids end up in logs: control characters are escaped and long ids cut.
    private static string Shown(string id) =>
        string.Concat(id.Take(64).Select(c => char.IsControl(c) || c == '"' ? $"\\u{(int)c:X4}" : c.ToString()));
}
