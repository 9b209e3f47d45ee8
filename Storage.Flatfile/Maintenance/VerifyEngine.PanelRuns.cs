using System.Text.Json;
using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Flatfile.Layout;

namespace ChatDb.Storage.Flatfile.Maintenance;

// A panel's multi-agent runs (docs/MULTI_AGENT.md, "Layout") are carried verbatim, but what ties them together is
// checked: each trace is a log like the others (records numbered 1.. without gaps, each a JSON object) of its own run
// and panel; each run record names its file's run and its panel, is listed in runs.jsonl, and its input and turns are
// messages of the panel that the run appended; every run runs.jsonl lists has its record; and every panel message a
// run appended names one of the panel's runs.
public sealed partial class VerifyEngine
{
    private const string PanelRunIdMetadata = "panel_run_id";

    /// <summary>The role of a run's input message.</summary>
    private const string UserRole = "user";

    /// <summary>A file of a panel's runs: where it is and what it is.</summary>
    private sealed record PanelRunPath(string PanelDirectory, string PanelId, string? RunId, bool IsIndex, bool IsTrace, bool IsFormatSixIndex = false);

    private void CheckPanelRunFile(TreeItem item, List<VerifyProblem> problems)
    {
        if (item.Kind != RecordKind.File || PanelRunPathOf(item.Path) is not { } file)
        {
            return;
        }

        if (file.IsFormatSixIndex)
        {
            ReportFormatSixRunList(item.Path, problems);
        }
        else if (file.IsIndex)
        {
            CheckPanelRunIndex(item.Path, file, problems);
        }
        else if (file.IsTrace)
        {
            CheckPanelTrace(item.Path, file, problems);
        }
        else
        {
            CheckPanelRunRecord(item.Path, file, problems);
        }
    }

    /// <summary><c>panel_sessions/{p}/runs.jsonl</c>, <c>runs/{run}.json</c> or <c>runs/{run}.trace.jsonl</c>; null for anything else.</summary>
    private PanelRunPath? PanelRunPathOf(string path)
    {
        var root = SafePath.Canonical(_options.StorageBasePath);
        var relative = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
        if (relative.Length < 3 || relative[0] != _options.PanelSessionsDirectoryName)
        {
            return null;
        }

        var panelDirectory = Path.Join(root, relative[0], relative[1]);
        return relative switch
        {
            [_, var panel, var index] when index == PanelRunListName => new(panelDirectory, panel, null, IsIndex: true, IsTrace: false),
            [_, var panel, var index] when index == FlatfileLayout.PanelRunsDirectoryName + RunLists.DocumentExtension =>
                new(panelDirectory, panel, null, IsIndex: false, IsTrace: false, IsFormatSixIndex: true),
            [_, var panel, FlatfileLayout.PanelRunsDirectoryName, var name] when name.EndsWith(PanelTraceSuffix, StringComparison.Ordinal) =>
                new(panelDirectory, panel, name[..^PanelTraceSuffix.Length], IsIndex: false, IsTrace: true),
            [_, var panel, FlatfileLayout.PanelRunsDirectoryName, var name] when name.EndsWith(".json", StringComparison.Ordinal) =>
                new(panelDirectory, panel, name[..^".json".Length], IsIndex: false, IsTrace: false),
            _ => null,
        };
    }

    private const string PanelTraceSuffix = ".trace.jsonl";

    private const string PanelRunListName = FlatfileLayout.PanelRunsDirectoryName + RunLists.LogExtension;

    /// <summary>The trace: the log checks (torn tail, gaps, lines that are not records), then each record's run and panel.</summary>
    private static void CheckPanelTrace(string path, PanelRunPath file, List<VerifyProblem> problems)
    {
        AddGrainLogProblems(path, "panel run trace", "The run's grain", "trace-line-is-record", problems);
        ForEachLogRecord(path, (line, text) =>
        {
            var runId = TopLevelString(text, "run_id"u8);
            var panelId = TopLevelString(text, "panel_id"u8);
            if ((runId is not null && runId != file.RunId) || (panelId is not null && panelId != file.PanelId))
            {
                problems.Add(new VerifyProblem(ProblemKind.IdentityMismatch, path,
                    $"panel run trace '{path}' line {line} belongs to run '{runId}' of panel '{panelId}', not to run '{file.RunId}' of panel '{file.PanelId}' whose trace it is (rule: trace-of-its-run).",
                    Repairable: false));
            }
        });
    }

    /// <summary>runs.jsonl: a log of run ids, each of which has a record.</summary>
    private static void CheckPanelRunIndex(string path, PanelRunPath file, List<VerifyProblem> problems)
    {
        if (ReadRunList(path, problems) is not { } runIds)
        {
            return;
        }

        foreach (var runId in runIds.Where(id => !File.Exists(RunRecordPath(file, id))))
        {
            problems.Add(new VerifyProblem(ProblemKind.MissingFile, path,
                $"run list '{path}' lists run '{runId}', whose record '{RunRecordPath(file, runId)}' is missing (rule: listed-run-has-record).", Repairable: false));
        }
    }

    /// <summary>
    /// A run record: its id and panel those of its path, listed in runs.jsonl, and its input and turns messages of the panel
    /// appended by the run (in order, each turn with its speaker's role).
    /// </summary>
    private void CheckPanelRunRecord(string path, PanelRunPath file, List<VerifyProblem> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), MaintenanceJson.ReadOptions);
        }
        catch (JsonException e)
        {
            problems.Add(new VerifyProblem(ProblemKind.InvalidDocument, path, $"run record '{path}' is not JSON: {e.Message} (rule: run-record-is-json).", Repairable: false));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new VerifyProblem(ProblemKind.InvalidDocument, path, $"run record '{path}' is not a JSON object (rule: run-record-is-json).", Repairable: false));
                return;
            }

            var id = StringProperty(root, "id");
            var panelId = StringProperty(root, "panel_id");
            if (id != file.RunId || panelId != file.PanelId)
            {
                problems.Add(new VerifyProblem(ProblemKind.IdentityMismatch, path,
                    $"run record '{path}' says run '{id}' of panel '{panelId}'; its path says run '{file.RunId}' of panel '{file.PanelId}' (rule: run-record-matches-path).",
                    Repairable: false));
            }

            var indexPath = Path.Join(file.PanelDirectory, PanelRunListName);
            if (ReadRunList(indexPath, null) is not { } listed || !listed.Contains(file.RunId!))
            {
                problems.Add(new VerifyProblem(ProblemKind.IdentityMismatch, path,
                    $"run record '{path}' is not listed in the panel's run list '{indexPath}' (rule: run-is-listed).", Repairable: false));
            }

            CheckRunMessages(path, file, root, problems);
        }
    }

    private void CheckRunMessages(string path, PanelRunPath file, JsonElement run, List<VerifyProblem> problems)
    {
        var expected = new List<(long Seq, string? Role, string What)>();
        if (run.TryGetProperty("input_seq", out var input) && input.ValueKind == JsonValueKind.Number && input.TryGetInt64(out var inputSeq))
        {
            expected.Add((inputSeq, UserRole, "its input"));
        }

        if (run.TryGetProperty("turns", out var turns) && turns.ValueKind == JsonValueKind.Array)
        {
            var number = 0;
            foreach (var turn in turns.EnumerateArray())
            {
                number++;
                if (turn.ValueKind != JsonValueKind.Object || !turn.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out var turnSeq))
                {
                    problems.Add(new VerifyProblem(ProblemKind.InvalidDocument, path,
                        $"run record '{path}' turn {number} has no message seq (rule: turn-has-seq).", Repairable: false));
                    continue;
                }

                expected.Add((turnSeq, StringProperty(turn, "role"), $"turn {number}"));
            }
        }

        if (expected.Count == 0)
        {
            return;
        }

        for (var i = 1; i < expected.Count; i++)
        {
            if (expected[i].Seq <= expected[i - 1].Seq)
            {
                problems.Add(new VerifyProblem(ProblemKind.InvalidDocument, path,
                    $"run record '{path}': {expected[i].What} is message {expected[i].Seq}, not after {expected[i - 1].What} (message {expected[i - 1].Seq}) (rule: turns-in-order).",
                    Repairable: false));
            }
        }

        var messages = ReadPanelMessages(Path.Join(file.PanelDirectory, _options.MessagesFilename), [.. expected.Select(e => e.Seq)]);
        foreach (var (seq, role, what) in expected)
        {
            if (!messages.TryGetValue(seq, out var message))
            {
                problems.Add(new VerifyProblem(ProblemKind.MissingDocument, path,
                    $"run record '{path}': {what} is message {seq}, which the panel's message log does not hold (rule: turn-is-panel-message).", Repairable: false));
            }
            else if (message.Role != role || (role != UserRole && message.RunId != file.RunId))
            {
                // An input given a client id may be the message an earlier run (a retry) appended, so only its role is checked.
                problems.Add(new VerifyProblem(ProblemKind.IdentityMismatch, path,
                    $"run record '{path}': {what} is message {seq}, which has role '{message.Role}' and run '{message.RunId}', not '{role}' of run '{file.RunId}' (rule: turn-is-run-message).",
                    Repairable: false));
            }
        }
    }

    /// <summary>
    /// A panel's message log: every message that names a run (<c>metadata.panel_run_id</c>) names one the panel's run list
    /// lists. Called for the panel's messages.jsonl; the log checks report lines that are not records.
    /// </summary>
    private void CheckPanelMessageRuns(TreeItem item, List<VerifyProblem> problems)
    {
        if (item.Kind != RecordKind.PanelMessage || item.IsArchived)
        {
            return;
        }

        var indexPath = Path.Join(Path.GetDirectoryName(item.Path)!, PanelRunListName);
        var runs = ReadRunList(indexPath, null) ?? [];
        using var stream = File.OpenRead(item.Path);
        using var reader = new LineReader(stream);
        var line = 0L;
        var reported = 0;
        while (reader.TryReadLine(out var text, out _, out var terminated))
        {
            line++;
            if (!terminated || ReadPanelMessage(text) is not { RunId: { } runId } || runs.Contains(runId))
            {
                continue;
            }

            if (++reported <= MaxModelErrorsPerLog)
            {
                problems.Add(new VerifyProblem(ProblemKind.IdentityMismatch, item.Path,
                    $"panel message log '{item.Path}' line {line} was appended by run '{runId}', which the panel's run list '{indexPath}' does not list (rule: message-of-a-panel-run).",
                    Repairable: false));
            }
        }
    }

    private sealed record PanelMessageLine(long Seq, string? Role, string? RunId);

    /// <summary>The messages of <paramref name="seqs"/> in a panel's message log.</summary>
    private static Dictionary<long, PanelMessageLine> ReadPanelMessages(string messagesPath, HashSet<long> seqs)
    {
        var found = new Dictionary<long, PanelMessageLine>();
        using var stream = ArchivedSessions.OpenRead(messagesPath);
        if (stream is null)
        {
            return found;
        }

        using var reader = new LineReader(stream);
        while (found.Count < seqs.Count && reader.TryReadLine(out var text, out _, out var terminated))
        {
            if (terminated && ReadPanelMessage(text) is { } message && seqs.Contains(message.Seq))
            {
                found[message.Seq] = message;
            }
        }

        return found;
    }

    private static PanelMessageLine? ReadPanelMessage(ReadOnlySpan<byte> text)
    {
        try
        {
            var reader = new Utf8JsonReader(text);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out var value))
            {
                return null;
            }

            var runId = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                ? StringProperty(metadata, PanelRunIdMetadata)
                : null;
            return new PanelMessageLine(value, StringProperty(root, "role"), runId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string RunRecordPath(PanelRunPath file, string runId) => Path.Join(file.PanelDirectory, FlatfileLayout.PanelRunsDirectoryName, runId + ".json");

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
