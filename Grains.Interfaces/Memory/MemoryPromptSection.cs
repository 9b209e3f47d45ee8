namespace ChatDb.Grains.Models;

/// <summary>
/// How recalled memories are shown to a model (docs/MEMORY.md, "In prompts"): a block delimited by <see cref="Start"/> and
/// <see cref="End"/>, a heading, then one line per memory, best first. Agent runs join it to their system message; the
/// Agent Framework provider gives it as instructions.
/// </summary>
public static class MemoryPromptSection
{
    /// <summary>The line that opens the section.</summary>
    public const string Start = "<memories>";

    /// <summary>The line that closes the section.</summary>
    public const string End = "</memories>";

    /// <summary>What the model is told the section is, the line after <see cref="Start"/>.</summary>
    public const string Heading = "What is remembered about the user from earlier conversations, most relevant first (it may be out of date):";

    /// <summary>The section without memories: what every section costs besides its lines.</summary>
    public static string Frame { get; } = $"{Start}\n{Heading}\n{End}";

    /// <summary>One memory's line: on one line, so it can neither end the section nor start a line of its own.</summary>
    public static string Line(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "- " + text.ReplaceLineEndings(" ").Replace(End, "</ memories>", StringComparison.OrdinalIgnoreCase).Trim();
    }

    /// <summary>The section holding <paramref name="lines"/> (from <see cref="Line"/>), or empty when there are none.</summary>
    public static string Format(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var body = string.Join('\n', lines);
        return body.Length == 0 ? string.Empty : $"{Start}\n{Heading}\n{body}\n{End}";
    }
}
