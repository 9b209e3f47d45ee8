namespace ChatDb.Grains.Agents;

/// <summary>
/// How a prompt section of ranked entries (recalled memories, retrieved chunks) meets its token budget: the longest
/// prefix, best first, whose tokens together with the section's frame fit. The lowest-ranked entries are left out
/// first, and an entry that does not fit ends the section: a lower-ranked one is never taken in its place, so the
/// section never holds a worse entry without every better one.
/// </summary>
internal static class RankedPromptFit
{
    /// <summary>The entries that fit and their tokens with the frame's; no entries and 0 tokens when none fits.</summary>
    public static (IReadOnlyList<string> Entries, int Tokens) Prefix<T>(
        IEnumerable<T> ranked, Func<T, string> entry, string frame, int budget, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(countTokens);
        var entries = new List<string>();
        var tokens = countTokens(frame);
        if (tokens >= budget)
        {
            return ([], 0);
        }

        foreach (var item in ranked)
        {
            var text = entry(item);
            var entryTokens = countTokens(text);
            if (tokens + entryTokens > budget)
            {
                break;
            }

            entries.Add(text);
            tokens += entryTokens;
        }

        return entries.Count == 0 ? ([], 0) : (entries, tokens);
    }
}
