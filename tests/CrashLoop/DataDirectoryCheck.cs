using System.Text.Json;
using System.Text.RegularExpressions;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.CrashLoop;

/// <summary>
/// Walks the data directory: every <c>.json</c> file must parse (they are replaced atomically, so a
/// kill can never leave half of one), every <c>.jsonl</c> log must pass <see cref="AppendLog.VerifyAsync"/>
/// and parse line by line. Right after a kill a torn last line or a stale index is allowed (opening the
/// log cuts the one and rebuilds the other; both are counted as repairs);
/// after a clean stop nothing is allowed, and leftover temp files are reported too.
/// </summary>
public static partial class DataDirectoryCheck
{
    public sealed record Result(int Files, int Repairs, int CorruptFiles, IReadOnlyList<string> Problems);

    public static async Task<Result> RunAsync(string dataDirectory, bool afterCleanStop, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        int files = 0, tornTails = 0, corrupt = 0;
        foreach (var path in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            files++;
            var name = Path.GetFileName(path);
            if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                CheckJson(path, problems);
            }
            else if (name.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                tornTails += await CheckLogAsync(path, afterCleanStop, problems, cancellationToken).ConfigureAwait(false);
            }
            else if (name.EndsWith(".corrupt", StringComparison.Ordinal))
            {
                corrupt++;
            }
            else if (afterCleanStop && TempFileName().IsMatch(name))
            {
                problems.Add($"{path}: a temp file is left after a clean restart and stop (start-up should remove it).");
            }
        }

        return new Result(files, tornTails, corrupt, problems);
    }

    private static void CheckJson(string path, List<string> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            problems.Add($"{path}: does not parse as JSON: {e.Message}");
        }
    }

    private static async Task<int> CheckLogAsync(string path, bool afterCleanStop, List<string> problems, CancellationToken cancellationToken)
    {
        var report = await AppendLog.VerifyAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var torn = 0;
        foreach (var problem in report.Problems)
        {
            if (problem.Kind is LogProblemKind.TornTail or LogProblemKind.IndexInvalid && !afterCleanStop)
            {
                torn++;
                continue;
            }

            problems.Add($"{path}: {problem.Kind} at line {problem.Line}: {problem.Message}");
        }

        if (report.Problems.Count > 0)
        {
            return torn;
        }

        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            try
            {
                using var document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                problems.Add($"{path}: line {line} does not parse as JSON: {e.Message}");
            }
        }

        return torn;
    }

    /// <summary>Temp files of atomic writes: <c>{name}.{16 lowercase hex}{suffix}</c> (docs/STORAGE.md §4).</summary>
    [GeneratedRegex(@"\.[0-9a-f]{16}(\.[A-Za-z0-9]+)?$")]
    private static partial Regex TempFileName();
}
