using System.Globalization;

namespace ChatDb.Storage.Ids;

/// <summary>
/// The rule for every caller-supplied id that becomes a path segment (user ids, persona ids, module
/// names, ...): ASCII letters, digits, '_', '-', '.'; not '.'/'..'; no leading or trailing dot; at most
/// <see cref="MaxLength"/> characters; not a Windows device name. The rule is deliberately the same on
/// every operating system so a data directory can be copied between them.
/// </summary>
public static class EntityIdValidator
{
    public const int MaxLength = 128;

    private static readonly HashSet<string> DeviceNames = BuildDeviceNames();

    /// <summary>The first rule <paramref name="id"/> breaks, or null when it is a valid id.</summary>
    public static IdRule? FindViolation(string? id) => FindViolation(id, out _);

    public static bool IsValid(string? id) => FindViolation(id) is null;

    /// <summary>Returns <paramref name="id"/> when valid; otherwise throws a <see cref="ValidationError"/>
    /// naming <paramref name="kind"/> (e.g. "user id"), the escaped id and the rule.</summary>
    public static string Validate(string? id, string kind)
    {
        var rule = FindViolation(id, out var offending);
        if (rule is { } broken)
        {
            throw Rejected(kind, id, broken, offending);
        }

        return id!;
    }

    /// <summary>Builds the error every id check throws, so all messages read alike.</summary>
    public static ValidationError Rejected(string kind, string? id, IdRule rule, string? detail = null) =>
        Rejected(kind, id, rule, detail, IdText.MaxShownCharacters);

    /// <summary>As <see cref="Rejected(string, string?, IdRule, string?)"/>, showing at most
    /// <paramref name="maxShown"/> characters of <paramref name="id"/> (paths are shown whole).</summary>
    public static ValidationError Rejected(string kind, string? id, IdRule rule, string? detail, int maxShown)
    {
        var suffix = detail is null ? string.Empty : $" ({detail})";
        return new ValidationError(
            $"{kind} {IdText.Escape(id, maxShown)} is rejected by rule '{IdRules.Code(rule)}': it {IdRules.Describe(rule)}{suffix}.");
    }

    internal static IdRule? FindViolation(string? id, out string? detail)
    {
        detail = null;
        if (string.IsNullOrEmpty(id))
        {
            return IdRule.Empty;
        }

        if (id.Length > MaxLength)
        {
            detail = $"{id.Length} characters";
            return IdRule.TooLong;
        }

        foreach (var c in id)
        {
            if (c > '\u007F')
            {
                detail = $"character U+{(int)c:X4}";
                return IdRule.NonAscii;
            }
        }

        foreach (var c in id)
        {
            if (!IsAllowedCharacter(c))
            {
                detail = string.Create(CultureInfo.InvariantCulture, $"character {IdText.Escape(c.ToString())} U+{(int)c:X4}");
                return IdRule.InvalidCharacter;
            }
        }

        if (id is "." or "..")
        {
            return IdRule.DotSegment;
        }

        if (id[0] == '.')
        {
            return IdRule.LeadingDot;
        }

        if (id[^1] == '.')
        {
            return IdRule.TrailingDot;
        }

        var dot = id.IndexOf('.', StringComparison.Ordinal);
        var stem = dot < 0 ? id : id[..dot];
        if (DeviceNames.Contains(stem))
        {
            return IdRule.ReservedDeviceName;
        }

        return null;
    }

    private static bool IsAllowedCharacter(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.';

    private static HashSet<string> BuildDeviceNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "CON", "PRN", "AUX", "NUL" };
        for (var i = 0; i <= 9; i++)
        {
            names.Add(string.Create(CultureInfo.InvariantCulture, $"COM{i}"));
            names.Add(string.Create(CultureInfo.InvariantCulture, $"LPT{i}"));
        }

        return names;
    }
}
