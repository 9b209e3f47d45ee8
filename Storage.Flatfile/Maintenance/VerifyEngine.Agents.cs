using System.Text.Json;
using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Flatfile.Layout;

namespace ChatDb.Storage.Flatfile.Maintenance;

// Agent files are carried verbatim (docs/STORAGE.md §10), but some damage would trip a grain or hide a run: a run list
// that is not a log of run ids, a trace line that is not a JSON object, and a run record whose agent definition is gone. A user's runs of a global
// agent (global_runs/) may outlive that agent, so only their trace lines are checked.
public sealed partial class VerifyEngine
{
    private void CheckAgentFile(TreeItem item, List<VerifyProblem> problems)
    {
        if (item.Kind != RecordKind.File || AgentsDirectoryOf(item.Path) is not { } agents)
        {
            return;
        }

        var segments = Path.GetRelativePath(agents, item.Path).Split(Path.DirectorySeparatorChar);
        if (segments is [FlatfileLayout.AgentRunsDirectoryName or FlatfileLayout.GlobalAgentRunsDirectoryName, var list])
        {
            CheckAgentRunList(item.Path, list, problems);
            return;
        }

        if (segments is not [FlatfileLayout.AgentRunsDirectoryName or FlatfileLayout.GlobalAgentRunsDirectoryName, var agentId, var name])
        {
            return;
        }

        if (name.EndsWith(FlatfileLayout.AgentTraceSuffix, StringComparison.Ordinal))
        {
            CheckJsonLines(item, problems, "trace", "trace-line-is-json", "the run's grain cuts it at its next activation");
        }
        else if (segments[0] == FlatfileLayout.AgentRunsDirectoryName
            && name.EndsWith(".json", StringComparison.Ordinal) && !File.Exists(Path.Join(agents, agentId + ".json")))
        {
            problems.Add(new VerifyProblem(ProblemKind.MissingFile, item.Path,
                $"run record '{item.Path}' belongs to agent '{agentId}', whose definition '{Path.Join(agents, agentId + ".json")}' is missing (rule: run-has-agent).",
                Repairable: false));
        }
    }

    /// <summary>
    /// <c>runs/{agent_id}.jsonl</c> or <c>global_runs/{agent_id}.jsonl</c>: a valid log of run-id lines (its side files
    /// are the log's own); a <c>.json</c> list there is one of format 6 that nothing reads any more.
    /// </summary>
    private static void CheckAgentRunList(string path, string name, List<VerifyProblem> problems)
    {
        if (name.EndsWith(RunLists.LogExtension, StringComparison.Ordinal))
        {
            ReadRunList(path, problems);
        }
        else if (name.EndsWith(RunLists.DocumentExtension, StringComparison.Ordinal))
        {
            ReportFormatSixRunList(path, problems);
        }
    }

    /// <summary><c>users/{u}/agents</c> or <c>agents_global</c> when the path is below one of them; null otherwise.</summary>
    private string? AgentsDirectoryOf(string path)
    {
        var root = SafePath.Canonical(_options.StorageBasePath);
        var relative = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
        return relative switch
        {
            [var users, var user, FlatfileLayout.AgentsDirectoryName, _, ..] when users == _options.UserDataDirectoryName =>
                Path.Join(root, users, user, FlatfileLayout.AgentsDirectoryName),
            [FlatfileLayout.GlobalAgentsDirectoryName, _, ..] => Path.Join(root, FlatfileLayout.GlobalAgentsDirectoryName),
            _ => null,
        };
    }

    /// <summary>A user's memory change log (docs/STORAGE.md, "Memory"): every line a JSON object, as for a trace.</summary>
    private void CheckMemoryFile(TreeItem item, List<VerifyProblem> problems)
    {
        var root = SafePath.Canonical(_options.StorageBasePath);
        if (item.Kind == RecordKind.File
            && Path.GetRelativePath(root, item.Path).Split(Path.DirectorySeparatorChar) is [var users, _, FlatfileLayout.MemoryDirectoryName, FlatfileLayout.MemoryChangesFilename]
            && users == _options.UserDataDirectoryName)
        {
            CheckJsonLines(item, problems, "memory change log", "memory-change-is-json", "the memory grain cuts it at its next activation");
        }
    }

    private static void CheckJsonLines(TreeItem item, List<VerifyProblem> problems, string what, string rule, string whenTorn)
    {
        using var stream = File.OpenRead(item.Path);
        using var reader = new LineReader(stream);
        var line = 0L;
        while (reader.TryReadLine(out var text, out _, out var terminated))
        {
            line++;
            if (!terminated)
            {
                problems.Add(new VerifyProblem(ProblemKind.TornTail, item.Path,
                    $"{what} '{item.Path}' line {line} has no newline: a write that did not complete; {whenTorn}.",
                    Repairable: false, IsError: false));
            }
            else if (!IsJsonObject(text))
            {
                problems.Add(new VerifyProblem(ProblemKind.CorruptRecord, item.Path,
                    $"{what} '{item.Path}' line {line} is not a JSON object (rule: {rule}); restore the file from a backup.",
                    Repairable: false));
            }
        }
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> text)
    {
        try
        {
            var reader = new Utf8JsonReader(text);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
