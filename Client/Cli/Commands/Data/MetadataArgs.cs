using System.CommandLine;
using ChatDb.Storage;
using ChatDb.Storage.Ids;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>--metadata KEY=VALUE</c>, repeatable: the metadata filters of lists and search (all must match).</summary>
internal static class MetadataArgs
{
    public static Option<string[]> Option(string what) => new("--metadata")
    {
        Description = $"Only {what} whose metadata has KEY with VALUE (KEY=VALUE; repeat to require several).",
    };

    /// <summary>The filter, or null when none was given.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var filter = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1)
            {
                throw new ValidationError($"--metadata {IdText.Escape(value)} must be KEY=VALUE with a non-empty KEY.");
            }

            filter[value[..equals]] = value[(equals + 1)..];
        }

        return filter;
    }
}
