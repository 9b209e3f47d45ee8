using System.Buffers;

namespace ChatDb.Grains.Tokens;

/// <summary>
/// The pieces o200k_base's pre-tokenizer cuts an ASCII text into, without its regular expression. The pattern
/// (tiktoken's, in the order its alternatives are tried at each position):
/// <code>
/// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
/// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
/// \p{N}{1,3}
///  ?[^\s\p{L}\p{N}]+[\r\n/]*
/// \s*[\r\n]+
/// \s+(?!\S)
/// \s+
/// </code>
/// In ASCII a letter is A-Z (upper) or a-z (lower), a number 0-9, and the classes of marks and other letters
/// are empty. Only texts of printable ASCII, tab, line feed and carriage return are split here
/// (<see cref="TrySplit"/> refuses any other character, and <c>&lt;|</c>, which may open a special token); the
/// counter leaves those to the library. Tests compare the counts with the library's on a corpus.
/// </summary>
internal static class O200kAsciiPieces
{
    private static readonly SearchValues<char> Allowed = SearchValues.Create(
        "\t\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Adds the (start, length) of each piece of <paramref name="text"/>; false (nothing usable) when the text is not for this splitter.</summary>
    public static bool TrySplit(ReadOnlySpan<char> text, List<(int Start, int Length)> pieces)
    {
        pieces.Clear();
        if (text.ContainsAnyExcept(Allowed) || text.IndexOf("<|".AsSpan()) >= 0)
        {
            return false;
        }

        var i = 0;
        while (i < text.Length)
        {
            var length = Match(text, i);
            pieces.Add((i, length));
            i += length;
        }

        return true;
    }

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    private static bool IsLower(char c) => c is >= 'a' and <= 'z';

    private static bool IsLetter(char c) => IsUpper(c) || IsLower(c);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsNewline(char c) => c is '\r' or '\n';

    /// <summary>Neither whitespace, nor letter, nor digit.</summary>
    private static bool IsSymbol(char c) => !IsSpace(c) && !IsLetter(c) && !IsDigit(c);

    /// <summary>Length of the piece that starts at <paramref name="i"/>.</summary>
    private static int Match(ReadOnlySpan<char> s, int i)
    {
        // Alternatives 1 and 2: an optional prefix (not CR, LF, letter or digit), then letters.
        var start = i;
        if (!IsNewline(s[i]) && !IsLetter(s[i]) && !IsDigit(s[i]) && i + 1 < s.Length && IsLetter(s[i + 1]))
        {
            start = i + 1;
        }

        if (IsLetter(s[start]))
        {
            var j = start;
            while (j < s.Length && IsUpper(s[j]))
            {
                j++;
            }

            while (j < s.Length && IsLower(s[j]))
            {
                j++;
            }

            // Alternative 1 needs a lower-case letter after the upper-case run; alternative 2 an upper-case letter.
            // One of them holds, since s[start] is a letter; both end at j, then an optional contraction.
            return j + Contraction(s, j) - i;
        }

        if (IsDigit(s[i]))
        {
            var j = i + 1;
            while (j < s.Length && j - i < 3 && IsDigit(s[j]))
            {
                j++;
            }

            return j - i;
        }

        // Alternative 4: an optional space, symbols, then CR, LF and '/'.
        var k = s[i] == ' ' && i + 1 < s.Length && IsSymbol(s[i + 1]) ? i + 1 : i;
        if (IsSymbol(s[k]))
        {
            while (k < s.Length && IsSymbol(s[k]))
            {
                k++;
            }

            while (k < s.Length && (IsNewline(s[k]) || s[k] == '/'))
            {
                k++;
            }

            return k - i;
        }

        // Whitespace: the run up to its last CR or LF (alternative 5); else all of it at the end of the text, all
        // but its last character before a non-space (alternative 6), or the one character (alternative 7).
        var end = i;
        var lastNewline = -1;
        while (end < s.Length && IsSpace(s[end]))
        {
            if (IsNewline(s[end]))
            {
                lastNewline = end;
            }

            end++;
        }

        if (lastNewline >= 0)
        {
            return lastNewline + 1 - i;
        }

        return end == s.Length || end - i == 1 ? end - i : end - i - 1;
    }

    /// <summary>Length of a contraction ('s 't 're 've 'm 'll 'd, any case) at <paramref name="j"/>, or 0.</summary>
    private static int Contraction(ReadOnlySpan<char> s, int j)
    {
        if (j + 1 >= s.Length || s[j] != '\'')
        {
            return 0;
        }

        var a = char.ToLowerInvariant(s[j + 1]);
        if (a is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }

        if (j + 2 < s.Length)
        {
            var b = char.ToLowerInvariant(s[j + 2]);
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            {
                return 3;
            }
        }

        return 0;
    }
}
