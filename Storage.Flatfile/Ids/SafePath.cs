using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Ids;

/// <summary>
/// Joins a data directory and path segments, and refuses the result unless it stays under the data
/// directory and no existing component between the data directory and the target is a symbolic link.
/// Segments are expected to be validated ids already; the checks here are the second line of defence,
/// so a rule missed upstream still cannot reach outside the data directory. Creates nothing.
/// </summary>
public static class SafePath
{
    // Paths are shown whole in messages: the id that caused the failure is usually near the end.
    private const int ShownPathLength = 4096;

    /// <summary>The full path of <paramref name="segments"/> under <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ValidationError">A segment is not a single path component, the path leaves the
    /// data directory, or it passes through a symbolic link.</exception>
    public static string Combine(string baseDirectory, params ReadOnlySpan<string> segments)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        var canonicalBase = Canonical(baseDirectory);
        var current = canonicalBase;
        foreach (var segment in segments)
        {
            if (string.IsNullOrEmpty(segment) || segment is "." or ".." ||
                segment.AsSpan().IndexOfAny('/', '\\', '\0') >= 0)
            {
                throw EntityIdValidator.Rejected("path segment", segment, IdRule.PathEscapesBase,
                    $"a segment must be one path component, under '{canonicalBase}'");
            }

            current = Path.Join(current, segment);
        }

        var full = Path.GetFullPath(current);
        var prefix = canonicalBase.EndsWith(Path.DirectorySeparatorChar) ? canonicalBase : canonicalBase + Path.DirectorySeparatorChar;
        if (!string.Equals(full, canonicalBase, StringComparison.Ordinal) &&
            !full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw EntityIdValidator.Rejected("path", full, IdRule.PathEscapesBase, $"data directory '{canonicalBase}'", ShownPathLength);
        }

        EnsureNoSymbolicLink(canonicalBase, full);
        return full;
    }

    /// <summary>The absolute, normalised form of a data directory path (no trailing separator).</summary>
    public static string Canonical(string baseDirectory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));

    private static void EnsureNoSymbolicLink(string canonicalBase, string full)
    {
        if (full.Length == canonicalBase.Length)
        {
            return;
        }

        var relative = full[(canonicalBase.Length + 1)..];
        var current = canonicalBase;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Join(current, part);
            // LinkTarget reads the link itself (lstat/readlink), so a dangling link is caught too.
            var target = new FileInfo(current).LinkTarget;
            if (target is not null)
            {
                throw EntityIdValidator.Rejected("path", current, IdRule.SymbolicLink, $"it links to '{target}'", ShownPathLength);
            }

            if (!Directory.Exists(current))
            {
                // Nothing below a missing or non-directory component can exist.
                return;
            }
        }
    }
}
