using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// The run-id lists of agents and panels (docs/STORAGE.md §10, §11). From format 7 each is an append-only log,
/// <c>{"seq":N,"run_id":"run_..."}</c> per line (the grain's log <c>runs</c>), so recording a run appends one line
/// whatever the list's length. Format 6 and older kept each as a JSON document <c>{"run_ids":[...]}</c> rewritten
/// whole at every run; <see cref="UpgradeAll"/> converts those at open.
/// </summary>
public static class RunLists
{
    /// <summary>The format from which run lists are logs: an upgrade from an older one converts them.</summary>
    public const int Format = 7;

    /// <summary>The extension of a run list from format 7: <c>runs/{agent_id}.jsonl</c>, <c>panel_sessions/{p}/runs.jsonl</c>.</summary>
    public const string LogExtension = ".jsonl";

    /// <summary>The extension of a run list of format 6 and older: <c>runs/{agent_id}.json</c>, <c>runs.json</c>.</summary>
    public const string DocumentExtension = ".json";

    /// <summary>The property of a run list line that holds the run id.</summary>
    public const string RunIdProperty = "run_id";

    /// <summary>The property of a format-6 run list document that holds the run ids.</summary>
    public const string RunIdsProperty = "run_ids";

    /// <summary>
    /// The log lines of <paramref name="runIds"/>, numbered 1..n in order: exactly what the grain's log writes when it
    /// appends them one by one to an empty list (each entry <c>{"run_id":...}</c> stored by the log's own line writer).
    /// </summary>
    public static byte[] Lines(IReadOnlyList<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        using var buffer = new MemoryStream();
        using var entry = new MemoryStream();
        for (var i = 0; i < runIds.Count; i++)
        {
            entry.SetLength(0);
            using (var writer = new Utf8JsonWriter(entry))
            {
                writer.WriteStartObject();
                writer.WriteString(RunIdProperty, runIds[i]);
                writer.WriteEndObject();
            }

            var json = entry.GetBuffer().AsSpan(0, (int)entry.Length);
            var line = new byte[LogLineFormat.MaxLineLength(json.Length)];
            buffer.Write(line, 0, LogLineFormat.WriteLine(line, i + 1, json, isEmpty: false));
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The run ids of a format-6 run list document <c>{"run_ids":[...]}</c>, oldest first; an <see cref="IntegrityError"/>
    /// naming <paramref name="path"/> when it is not one.
    /// </summary>
    public static IReadOnlyList<string> ReadDocument(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            using var document = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(RunIdsProperty, out var ids) && ids.ValueKind == JsonValueKind.Array
                && ids.EnumerateArray().All(id => id.ValueKind == JsonValueKind.String))
            {
                return [.. ids.EnumerateArray().Select(id => id.GetString()!)];
            }
        }
        catch (JsonException)
        {
            // Reported below, as for any other shape.
        }

        throw new IntegrityError(
            $"run list '{path}' is not a JSON object with a list of run ids '{RunIdsProperty}' (rule: run-index-shape), so it cannot be converted to "
            + $"'{Path.ChangeExtension(path, LogExtension)}'; restore it from a backup, or remove it to forget the list (the run records stay).");
    }

    /// <summary>
    /// Converts every format-6 run list of the tree (live, and in the trash, so that a restore brings back a list this
    /// build reads) into its log: the log file is written whole and durably (temp file, fsync, rename, directory fsync),
    /// replacing any log a conversion cut off by a crash left, then the document is removed durably. A list still
    /// present as a document was therefore not converted yet, and converting it again is safe. Returns the count.
    /// </summary>
    public static int UpgradeAll(FlatfileLayout layout, AtomicFile atomicFile)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(atomicFile);
        var converted = 0;
        foreach (var document in FindDocuments(layout))
        {
            var ids = ReadDocument(document, File.ReadAllBytes(document));
            var log = Path.ChangeExtension(document, LogExtension);

            // No build opens a log before the version is recorded, so no offset index should sit beside it; one that
            // does is removed rather than trusted (the log rebuilds its index when it opens).
            atomicFile.Delete(log + ".idx");
            atomicFile.WriteAllBytesAsync(log, Lines(ids)).GetAwaiter().GetResult();
            atomicFile.Delete(document);
            converted++;
        }

        return converted;
    }

    /// <summary>
    /// Every format-6 run list: <c>users/{u}/agents/runs/*.json</c> and <c>global_runs/*.json</c>,
    /// <c>agents_global/runs/*.json</c>, <c>panel_sessions/{p}/runs.json</c>, and the same in the trash's users and panels.
    /// </summary>
    private static IEnumerable<string> FindDocuments(FlatfileLayout layout)
    {
        var agentsDirectories = Subdirectories(layout.UsersDirectory).Select(user => Path.Join(user, FlatfileLayout.AgentsDirectoryName))
            .Append(Path.Join(layout.BaseDirectory, FlatfileLayout.GlobalAgentsDirectoryName))
            .Concat(Subdirectories(layout.TrashUsersDirectory).SelectMany(Subdirectories).Select(entry => Path.Join(entry, FlatfileLayout.AgentsDirectoryName)));
        foreach (var agents in agentsDirectories)
        {
            foreach (var runs in new[] { FlatfileLayout.AgentRunsDirectoryName, FlatfileLayout.GlobalAgentRunsDirectoryName })
            {
                foreach (var file in Files(Path.Join(agents, runs), "*" + DocumentExtension))
                {
                    yield return file;
                }
            }
        }

        foreach (var panel in Subdirectories(layout.PanelsDirectory).Concat(Subdirectories(layout.PanelTrashDirectory)))
        {
            var document = Path.Join(panel, FlatfileLayout.PanelRunsDirectoryName + DocumentExtension);
            if (File.Exists(document))
            {
                yield return document;
            }
        }
    }

    private static IEnumerable<string> Subdirectories(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal) : [];

    // "*.json" would also match "*.jsonl" on some platforms' short-name rules; the extension is checked exactly.
    private static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, pattern).Where(file => file.EndsWith(DocumentExtension, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [];
}
