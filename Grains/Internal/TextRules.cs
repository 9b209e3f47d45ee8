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

        var control = IndexOfControl(value);
        if (control >= 0)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: {what} {IdText.Escape(value)} is rejected by rule 'no-control-characters' (character U+{(int)value[control]:X4})."));
        }

        return value;
    }

    /// <summary>
    /// The index of the first control character (U+0000-U+001F, U+007F-U+009F: exactly <see cref="char.IsControl(char)"/>),
    /// or -1. Two vectorised range scans instead of a per-character call, since it runs on every bus event and title.
    /// </summary>
    public static int IndexOfControl(ReadOnlySpan<char> value)
    {
        var low = value.IndexOfAnyInRange('\u0000', '\u001F');
        var high = value.IndexOfAnyInRange('\u007F', '\u009F');
        return low < 0 ? high : high < 0 ? low : Math.Min(low, high);
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
