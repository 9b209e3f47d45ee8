using System.Text.Json;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// How the migration reads a v2 tree, shared by the reader, the plan and the validator so that all three agree on
/// what a corrupt file is: a JSON file or a message line that does not parse is reported (path and reason) and left
/// out, never fatal. Entries are visited in ordinal name order so that every run produces the same bytes.
/// </summary>
internal static class V2Files
{
    /// <summary>Reads a JSON file: false with a reason when it exists but is not JSON; true with null when absent.</summary>
    public static bool TryReadJson(string path, out JsonElement? element, out string? reason)
    {
        element = null;
        reason = null;
        if (!File.Exists(path))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), MaintenanceJson.ReadOptions);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException e)
        {
            reason = $"not valid JSON ({e.Message})";
            return false;
        }
    }

    /// <summary>Whether a file exists and parses as JSON.</summary>
    public static bool IsReadableJson(string path) => File.Exists(path) && TryReadJson(path, out _, out _);

    /// <summary>Whether one non-blank message line parses as JSON.</summary>
    public static bool IsJsonLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Non-blank lines of a message log, and how many of them parse as JSON.</summary>
    public static (long NonBlank, long Json) CountLines(string path)
    {
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        using var stream = File.OpenRead(path);
        using var reader = new LineReader(stream);
        long nonBlank = 0, json = 0;
        while (reader.TryReadLine(out var line, out _, out _))
        {
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            nonBlank++;
            if (IsJsonLine(line))
            {
                json++;
            }
        }

        return (nonBlank, json);
    }

    /// <summary>Every file below a session's <c>documents/analysis/</c>, recursively, in ordinal order.</summary>
    public static IEnumerable<string> AnalysisFiles(string session)
    {
        var directory = Path.Join(session, V2Layout.Documents, V2Layout.Analysis);
        return Directory.Exists(directory)
            ? Sorted(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            : [];
    }

    /// <summary>The uploaded files of a session's <c>documents/</c> (not <c>metadata.json</c>, not the analysis directory).</summary>
    public static IEnumerable<string> DocumentFiles(string session)
    {
        var directory = Path.Join(session, V2Layout.Documents);
        return Directory.Exists(directory)
            ? Sorted(Directory.EnumerateFiles(directory).Where(f => Path.GetFileName(f) != V2Layout.DocumentMetadata))
            : [];
    }

    public static IEnumerable<string> Sorted(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal);

    public static IEnumerable<string> Directories(string directory, string pattern = "*") =>
        Directory.Exists(directory) ? Sorted(Directory.EnumerateDirectories(directory, pattern)) : [];

    public static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? Sorted(Directory.EnumerateFiles(directory, pattern)) : [];
}
