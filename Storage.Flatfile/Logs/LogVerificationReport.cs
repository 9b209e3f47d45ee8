namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>What <see cref="AppendLog.VerifyAsync"/> found in one log.</summary>
/// <param name="Path">Full path of the log file.</param>
/// <param name="Records">Lines that are valid records in sequence.</param>
/// <param name="Bytes">Size of the log file.</param>
/// <param name="Problems">Every problem found, in file order (capped at <see cref="MaxProblems"/>).</param>
public sealed record LogVerificationReport(string Path, long Records, long Bytes, IReadOnlyList<LogProblem> Problems)
{
    public const int MaxProblems = 1000;

    public bool IsHealthy => Problems.Count == 0;
}

/// <param name="Kind">What is wrong.</param>
/// <param name="Line">1-based line number in the log (0 for problems of the index file).</param>
/// <param name="Offset">Byte offset of the line (or of the index entry).</param>
/// <param name="Message">Description naming the file, line and rule.</param>
public sealed record LogProblem(LogProblemKind Kind, long Line, long Offset, string Message);

public enum LogProblemKind
{
    /// <summary>The last line is incomplete or invalid; opening the log cuts it into <c>.corrupt</c>.</summary>
    TornTail,

    /// <summary>A line before the end is not a JSON object starting with its <c>"seq"</c>.</summary>
    CorruptRecord,

    /// <summary>A line's sequence number is not the previous one plus one.</summary>
    SequenceGap,

    /// <summary>The offset index is damaged or disagrees with the log; opening rebuilds it.</summary>
    IndexInvalid,
}
