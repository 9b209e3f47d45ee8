using System.Globalization;

namespace ChatDb.Runtime;

/// <summary>
/// How typed keys are written into <see cref="GrainId.Key"/>, a plain string so ids stay readable in
/// logs, on disk and on the wire:
/// <list type="bullet">
/// <item>string: verbatim;</item>
/// <item><see cref="Guid"/>: 32 lower-case hex digits, no dashes (<c>Guid.ToString("N")</c>);</item>
/// <item><see cref="long"/>: invariant decimal, with a leading <c>-</c> when negative;</item>
/// <item>compound: the primary part as above, then <c>+</c>, then the extension verbatim. Neither the
/// Guid nor the integer encoding contains <c>+</c>, so the first <c>+</c> splits the key unambiguously
/// even when the extension itself contains one.</item>
/// </list>
/// </summary>
public static class GrainKeys
{
    /// <summary>Separates the primary key from the key extension in compound keys.</summary>
    public const char ExtensionSeparator = '+';

    public static string Encode(Guid key) => key.ToString("N");

    public static string Encode(long key) => key.ToString(CultureInfo.InvariantCulture);

    public static string Encode(Guid key, string keyExtension)
    {
        ArgumentNullException.ThrowIfNull(keyExtension);
        return string.Concat(Encode(key), "+", keyExtension);
    }

    public static string Encode(long key, string keyExtension)
    {
        ArgumentNullException.ThrowIfNull(keyExtension);
        return string.Concat(Encode(key), "+", keyExtension);
    }

    /// <summary>Splits a key into its primary part and its extension (<c>null</c> when there is none).</summary>
    public static (string Primary, string? Extension) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var separator = key.IndexOf(ExtensionSeparator, StringComparison.Ordinal);
        return separator < 0 ? (key, null) : (key[..separator], key[(separator + 1)..]);
    }

    public static Guid DecodeGuid(GrainId grainId, out string? keyExtension)
    {
        var (primary, extension) = Split(grainId.Key);
        keyExtension = extension;
        if (!Guid.TryParseExact(primary, "N", out var key))
        {
            throw new FormatException($"Grain {grainId} does not have a Guid key (expected 32 hex digits, optionally followed by '+' and an extension).");
        }

        return key;
    }

    public static long DecodeLong(GrainId grainId, out string? keyExtension)
    {
        var (primary, extension) = Split(grainId.Key);
        keyExtension = extension;
        if (!long.TryParse(primary, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key))
        {
            throw new FormatException($"Grain {grainId} does not have an integer key (expected an invariant decimal, optionally followed by '+' and an extension).");
        }

        return key;
    }
}
