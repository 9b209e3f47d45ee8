using ChatDb.Storage;
using System.Globalization;
using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Internal;

/// <summary>Checks for short caller-supplied texts that are not paths (titles, roles, types, MIME types).</summary>
internal static class TextRules
{
    public const int MaxTitleLength = 512;
    public const int MaxNameLength = EntityIdValidator.MaxLength;

    /// <summary>Not blank, at most <paramref name="maxLength"/> characters, no control characters.</summary>
    public static string Require(string? value, string what, int maxLength, string subject)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ValidationError($"{subject}: {what} {IdText.Escape(value)} is rejected by rule 'not-empty': it must not be empty or blank.");
        }

        if (value.Length > maxLength)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: {what} {IdText.Escape(value)} is rejected by rule 'max-length': it must be at most {maxLength} characters ({value.Length} characters)."));
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                    $"{subject}: {what} {IdText.Escape(value)} is rejected by rule 'no-control-characters' (character U+{(int)c:X4})."));
            }
        }

        return value;
    }

    public static int ValidateLimit(int? limit, int defaultLimit, string subject)
    {
        var value = limit ?? defaultLimit;
        if (value < 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{subject}: limit must be at least 1 (was {value})."));
        }

        return value;
    }

    public static int ValidateOffset(int? offset, string subject)
    {
        var value = offset ?? 0;
        if (value < 0)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{subject}: offset must not be negative (was {value})."));
        }

        return value;
    }
}
