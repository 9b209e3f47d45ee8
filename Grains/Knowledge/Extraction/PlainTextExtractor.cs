using System.Text;

namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>Plain text (UTF-8, a BOM honoured): paragraphs are the runs of lines between blank lines.</summary>
internal static class PlainTextExtractor
{
    public static List<TextBlock> Extract(byte[] content, CancellationToken cancellationToken)
    {
        var text = Decode(content);
        var blocks = new List<TextBlock>();
        foreach (var paragraph in Paragraphs(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            blocks.Add(new TextBlock(paragraph));
        }

        return blocks;
    }

    /// <summary>UTF-8 strictly: a file that is not text (a binary renamed .txt) fails instead of yielding noise.</summary>
    public static string Decode(byte[] content)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw new ExtractionFailed("the document is not valid UTF-8 text.");
        }
    }

    /// <summary>The text's paragraphs: lines joined by a space, split at blank lines, whitespace collapsed.</summary>
    public static IEnumerable<string> Paragraphs(string text)
    {
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                continue;
            }

            if (current.Length > 0)
            {
                current.Append(' ');
            }

            AppendCollapsed(current, line);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    /// <summary>Appends <paramref name="text"/> with each run of whitespace (and control characters) as one space.</summary>
    public static void AppendCollapsed(StringBuilder target, ReadOnlySpan<char> text)
    {
        var space = target.Length > 0 && target[^1] == ' ';
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!space && target.Length > 0)
                {
                    target.Append(' ');
                    space = true;
                }
            }
            else
            {
                target.Append(c);
                space = false;
            }
        }
    }
}
