using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Keys;

namespace ChatDb.Storage.Flatfile.Maintenance;

// The run lists of agents, of a user's runs of a global agent and of panels (format 7, docs/STORAGE.md §10, §11): each a
// log like the others (records numbered 1.. without gaps), whose every record is {"seq":N,"run_id":"run_..."}. A list
// of format 6 (a .json document) is no longer read by any grain, so one found in a tree of this format is reported.
public sealed partial class VerifyEngine
{
    /// <summary>
    /// The run ids a run list holds (null when its file is missing); with <paramref name="problems"/>, reports the log's
    /// damage and every record that is not a run-id line (rule <c>run-index-shape</c>), each naming the file.
    /// </summary>
    private static HashSet<string>? ReadRunList(string path, List<VerifyProblem>? problems)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (problems is not null)
        {
            AddGrainLogProblems(path, "run list", "Its grain", "run-list-line-is-record", problems);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        ForEachLogRecord(path, (line, text) =>
        {
            var runId = TopLevelString(text, "run_id"u8);
            if (runId is not null && IsRunId(runId))
            {
                ids.Add(runId);
            }
            else
            {
                problems?.Add(new VerifyProblem(ProblemKind.InvalidDocument, path,
                    $"run list '{path}' line {line} is not a run id line {{\"seq\":N,\"{RunLists.RunIdProperty}\":\"run_...\"}} with a valid run id (rule: run-index-shape).",
                    Repairable: false));
            }
        });

        return ids;
    }

    /// <summary>
    /// A run list of format 6 or older (a <c>.json</c> document): no grain of this format reads it, so its runs are not
    /// listed. Opening a tree that records format 6 or older converts it; in a tree of format 7 nothing does.
    /// </summary>
    private static void ReportFormatSixRunList(string path, List<VerifyProblem> problems) =>
        problems.Add(new VerifyProblem(ProblemKind.OutsideLayout, path,
            $"run list '{path}' is a JSON document of format 6 or older, which this format does not read (its runs belong in "
            + $"'{Path.ChangeExtension(path, RunLists.LogExtension)}'); opening a data directory that records format 6 or older converts it, "
            + "in one of format 7 restore the list from a backup of its format (rule: run-list-is-log).",
            Repairable: false));

    private static bool IsRunId(string runId)
    {
        try
        {
            ChatGrainKeys.RunId(runId);
            return true;
        }
        catch (ValidationError)
        {
            return false;
        }
    }
}
