using System.CommandLine;
using ChatDb.Grains.Models;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// Optimistic concurrency on the command line: <c>get</c> commands print the record's ETag (<c>etag: "…"</c>), and
/// write commands take it back with <c>--if-match</c>, so a change made by someone else in between fails with
/// "precondition failed" and nothing is written.
/// </summary>
internal static class ETagArgs
{
    public static Option<string> IfMatchOption() => new("--if-match")
    {
        Description = "Write only while the stored ETag is this one (as a get prints it; * : only if it exists). "
            + "Otherwise fail with 'precondition failed' and write nothing.",
    };

    /// <summary>The expected ETag for an <c>...IfMatchAsync</c> call: null without the option; quotes as HTTP prints them are taken off.</summary>
    public static string? IfMatch(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed == Grains.Models.IfMatch.Any)
        {
            return Grains.Models.IfMatch.Any;
        }

        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }

    /// <summary>The <c>etag:</c> line after a record (not with <c>--json</c>, whose output is the record alone).</summary>
    public static Task WriteAsync(CommandOutput output, string etag) =>
        output.IsJson ? Task.CompletedTask : output.Writer.WriteLineAsync($"etag: \"{etag}\"");

    public static Task WriteAsync<T>(CommandOutput output, ETagged<T> tagged) => WriteAsync(output, tagged.ETag);
}
