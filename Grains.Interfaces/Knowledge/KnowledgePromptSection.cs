namespace ChatDb.Grains.Models;

/// <summary>
/// How retrieved document chunks are shown to a model (docs/AGENTS.md, "Knowledge"): a block delimited by
/// <see cref="Start"/> and <see cref="End"/>, a heading, then each chunk under a line naming its document and position, best
/// first. Agent runs join it to their system message.
/// </summary>
public static class KnowledgePromptSection
{
    /// <summary>The line that opens the section.</summary>
    public const string Start = "<documents>";

    /// <summary>The line that closes the section.</summary>
    public const string End = "</documents>";

    /// <summary>What the model is told the section is, the line after <see cref="Start"/>.</summary>
    public const string Heading = "Passages of the user's documents that may answer the request, most relevant first (quote them by filename):";

    /// <summary>The section without chunks: what every section costs besides its entries.</summary>
    public static string Frame { get; } = $"{Start}\n{Heading}\n{End}";

    /// <summary>
    /// One chunk's entry: a header line with the filename and position, then the chunk's text with the closing tag
    /// neutralised, so a document can never end the section early and speak as the instructions.
    /// </summary>
    public static string Entry(string filename, int position, string chunk)
    {
        ArgumentNullException.ThrowIfNull(filename);
        ArgumentNullException.ThrowIfNull(chunk);
        var text = chunk.Replace(End, "</ documents>", StringComparison.OrdinalIgnoreCase).Trim();
        return $"[{filename.ReplaceLineEndings(" ")} #{position.ToString(System.Globalization.CultureInfo.InvariantCulture)}]\n{text}";
    }

    /// <summary>The section holding <paramref name="entries"/> (from <see cref="Entry"/>), or empty when there are none.</summary>
    public static string Format(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var body = string.Join("\n\n", entries);
        return body.Length == 0 ? string.Empty : $"{Start}\n{Heading}\n{body}\n{End}";
    }
}
