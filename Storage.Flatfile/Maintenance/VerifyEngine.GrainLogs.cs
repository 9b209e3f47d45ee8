using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Maintenance;

// Logs that only their grain repairs (a panel run's trace, a run list): verify reports what the log engine's own check
// finds, then reads each complete record for what the log's kind requires of it.
public sealed partial class VerifyEngine
{
    /// <summary>One complete record line of a log, with its 1-based line number.</summary>
    private delegate void LogRecordLine(long line, ReadOnlySpan<byte> text);

    /// <summary>
    /// Adds the log engine's findings on the log at <paramref name="path"/>: a torn tail is a warning that
    /// <paramref name="repairer"/> cuts at its next activation, a gap an error, a stale index repairable, any other
    /// damage a corrupt record of rule <paramref name="rule"/>; every message starts with <paramref name="what"/>.
    /// </summary>
    private static void AddGrainLogProblems(string path, string what, string repairer, string rule, List<VerifyProblem> problems)
    {
        var report = AppendLog.VerifyAsync(path, new AppendLogOptions()).GetAwaiter().GetResult();
        foreach (var problem in report.Problems)
        {
            problems.Add(problem.Kind switch
            {
                LogProblemKind.TornTail => new VerifyProblem(ProblemKind.TornTail, path,
                    $"{what}: {problem.Message} {repairer} cuts it at its next activation.", Repairable: false, IsError: false),
                LogProblemKind.SequenceGap => new VerifyProblem(ProblemKind.SequenceGap, path, $"{what}: {problem.Message}", Repairable: false),
                LogProblemKind.IndexInvalid => new VerifyProblem(ProblemKind.StaleLogIndex, LogIndexPath(path), problem.Message, Repairable: true),
                _ => new VerifyProblem(ProblemKind.CorruptRecord, path, $"{what}: {problem.Message} (rule: {rule})", Repairable: false),
            });
        }
    }

    /// <summary>
    /// Calls <paramref name="record"/> for every complete record line of the log at <paramref name="path"/>, a record out
    /// of sequence included; lines that are no record are skipped (<see cref="AddGrainLogProblems"/> reports them).
    /// </summary>
    private static void ForEachLogRecord(string path, LogRecordLine record)
    {
        using var stream = File.OpenRead(path);
        using var reader = new LineReader(stream);
        var line = 0L;
        while (reader.TryReadLine(out var text, out _, out var terminated))
        {
            line++;
            if (terminated && LogLineFormat.TryReadSequence(text, out var sequence) && LogLineFormat.Check(text, sequence, out _) == LineCheck.Ok)
            {
                record(line, text);
            }
        }
    }
}
