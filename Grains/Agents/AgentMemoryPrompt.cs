using ChatDb.Grains.Models;
using ChatDb.Storage;

namespace ChatDb.Grains.Agents;

/// <summary>
/// The prompt section of the memories a run recalled (<see cref="MemoryPromptSection"/>), joined to the system message, holding the
/// best-ranked memories whose tokens fit the budget left after the instructions and the input.
/// </summary>
public static class AgentMemoryPrompt
{
    /// <summary>The memories that fit a prompt, as text.</summary>
    /// <param name="Text">The section (<see cref="MemoryPromptSection"/>); empty when no memory fits.</param>
    /// <param name="Count">How many of the recalled memories it holds: the first ones, best first.</param>
    /// <param name="Tokens">Its tokens (the frame's and each line's).</param>
    public sealed record Section(string Text, int Count, int Tokens);

    /// <summary>The recall query for an input: its first <see cref="Memory.MaxTextChars"/> characters, trimmed.</summary>
    public static string Query(string? input)
    {
        var text = (input ?? string.Empty).Trim();
        return text.Length <= Memory.MaxTextChars ? text : text[..Memory.MaxTextChars].TrimEnd();
    }

    /// <summary>
    /// The section holding the longest prefix of <paramref name="hits"/> (best first) whose tokens fit <paramref name="budget"/>
    /// (<see cref="RankedPromptFit"/>).
    /// </summary>
    public static Section Fit(IReadOnlyList<MemoryHit> hits, int budget, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var (lines, tokens) = RankedPromptFit.Prefix(hits, hit => MemoryPromptSection.Line(hit.Memory.Text), MemoryPromptSection.Frame, budget, countTokens);
        return lines.Count == 0 ? new Section(string.Empty, 0, 0) : new Section(MemoryPromptSection.Format(lines), lines.Count, tokens);
    }

    /// <summary>What a recall or extraction failure is, for the trace: ChatDb's own errors by their message, others with their type.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is StorageError or MemoryExtractionError ? error.Message : $"{error.GetType().Name}: {error.Message}";
    }
}
