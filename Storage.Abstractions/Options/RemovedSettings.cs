using Microsoft.Extensions.Configuration;

namespace ChatDb.Storage.Options;

/// <summary>
/// Keys of the <c>Storage</c> section that were validated and documented but changed nothing, and were
/// therefore removed. A configuration that still sets one fails at start-up with one line saying what to
/// use instead, rather than being accepted and ignored.
/// </summary>
public static class RemovedSettings
{
    /// <summary>Each removed key (without the section) and what to do instead.</summary>
    public static IReadOnlyDictionary<string, string> Storage { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["SearchIncludeMessageContent"] = "search always indexes message content (docs/SEARCH.md); delete the key",
        ["SearchIncludeContext"] = "search indexes messages only, not the situational context (docs/SEARCH.md); delete the key",
        ["SearchIncludeMetadata"] = "search indexes message text only, never metadata (docs/SEARCH.md); delete the key",
        ["SearchResultsDefaultLimit"] = "use Search:DefaultLimit, the default page of user and panel search alike (docs/SEARCH.md)",
        ["FullTextSearchMinWordLength"] = "use Search:MinWordLength (docs/SEARCH.md)",
        ["PanelMessageThreadingEnabled"] = "panel messages are one ordered log without threads; delete the key",
        ["AutoCleanupEmptyDirectories"] = "a deletion removes the entity's whole directory, so none is left empty; delete the key",
        ["ValidateJsonOnRead"] = "every read is validated (a file that does not parse is an IntegrityError); delete the key",
        ["JsonlReadBufferSize"] = "log reads size their own buffers; delete the key",
    };

    /// <summary>One message per removed key that <paramref name="section"/> sets, e.g.
    /// <c>Storage:JsonlReadBufferSize was removed: log reads size their own buffers; delete the key.</c></summary>
    /// <param name="section">The configuration section (<c>Storage</c>).</param>
    /// <param name="sectionName">How the section is named in messages.</param>
    public static IReadOnlyList<string> FindIn(IConfiguration section, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Storage
            .Where(removed => section.GetSection(removed.Key).Exists())
            .OrderBy(removed => removed.Key, StringComparer.Ordinal)
            .Select(removed => $"{sectionName}:{removed.Key} was removed: {removed.Value}.")
            .ToList();
    }

    /// <summary>Throws a <see cref="ConfigurationError"/> naming every removed key <paramref name="section"/> sets; for tools that run without a host.</summary>
    public static void EnsureNoneIn(IConfiguration section, string sectionName)
    {
        var found = FindIn(section, sectionName);
        if (found.Count > 0)
        {
            throw new ConfigurationError(string.Join(" ", found));
        }
    }
}
