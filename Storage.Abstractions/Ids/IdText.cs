using System.Globalization;
using System.Text;

namespace ChatDb.Storage.Ids;

/// <summary>
/// Renders untrusted ids for error messages and logs: quoted, with control characters, quotes,
/// backslashes and non-ASCII characters escaped as <c>\uXXXX</c>, so a message can never be forged
/// with a newline and a look-alike character is visible as what it is.
/// </summary>
public static class IdText
{
    /// <summary>Longer ids are cut in messages; the length is still reported.</summary>
    public const int MaxShownCharacters = 80;

    public static string Escape(string? id) => Escape(id, MaxShownCharacters);

    /// <summary>Escapes <paramref name="id"/>, showing at most <paramref name="maxShown"/> characters.</summary>
    public static string Escape(string? id, int maxShown)
    {
        if (id is null)
        {
            return "(null)";
        }

        var shown = id.Length > maxShown ? id[..maxShown] : id;
        var builder = new StringBuilder(shown.Length + 8);
        builder.Append('"');
        foreach (var c in shown)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case < ' ' or > '~':
                    builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
        if (shown.Length < id.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"... ({id.Length} characters)");
        }

        return builder.ToString();
    }
}
