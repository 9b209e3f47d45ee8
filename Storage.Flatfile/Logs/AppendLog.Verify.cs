namespace ChatDb.Storage.Flatfile.Logs;

// Offline verification (`chatdb verify`): scans the whole log and its index without changing
// anything and reports every problem instead of stopping at the first.
public sealed partial class AppendLog
{
    /// <summary>
    /// Checks every line of the log at <paramref name="path"/> (a complete JSON object, its
    /// <c>"seq"</c> first and in sequence) and every entry of its index. Changes nothing; may run
    /// beside the log's writer. A missing log is reported as an empty, healthy one.
    /// </summary>
    public static Task<LogVerificationReport> VerifyAsync(string path, AppendLogOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new AppendLogOptions();
        options.Validate();
        try
        {
            return Task.FromResult(Verify(System.IO.Path.GetFullPath(path), options, cancellationToken));
        }
        catch (Exception e)
        {
            return Task.FromException<LogVerificationReport>(e);
        }
    }

    private static LogVerificationReport Verify(string path, AppendLogOptions options, CancellationToken cancellationToken)
    {
        var problems = new List<LogProblem>();
        var fileSystem = options.FileSystem;
        if (!fileSystem.FileExists(path))
        {
            return new LogVerificationReport(path, 0, 0, problems);
        }

        using var handle = fileSystem.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = fileSystem.GetLength(handle);
        var scanned = new LogSparseIndex(options.IndexSpacing);
        var records = 0L;
        var expected = 1L;
        var line = 0L;
        var clean = true;
        LogProblem? pending = null;
        using (var scanner = new LogLineScanner(options.FileSystem, handle, 0, length))
        {
            while (scanner.TryReadLine(out var text, out var offset, out var terminated))
            {
                if ((++line & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // A bad line is only known to be the tail when nothing follows it.
                Add(problems, pending);
                pending = null;
                var found = 0L;
                var check = terminated ? LogLineFormat.Check(text, expected, out found) : LineCheck.Unterminated;
                if (check == LineCheck.Ok)
                {
                    if (clean)
                    {
                        scanned.Add(expected, offset);
                    }

                    records++;
                    expected++;
                    continue;
                }

                clean = false;
                var reason = LogLineFormat.Describe(check, expected, found);
                var kind = check == LineCheck.WrongSequence ? LogProblemKind.SequenceGap : LogProblemKind.CorruptRecord;
                pending = new LogProblem(kind, line, offset, $"Log '{path}' line {line} (byte offset {offset}): {reason}.");
                expected = found > 0 ? found + 1 : expected + 1;
            }
        }

        if (pending is not null)
        {
            Add(problems, pending with { Kind = LogProblemKind.TornTail, Message = pending.Message + " It is the last line; opening the log cuts it into .corrupt." });
        }

        VerifyIndex(path, options, length, scanned, clean, problems);
        return new LogVerificationReport(path, records, length, problems);
    }

    private static void VerifyIndex(string path, AppendLogOptions options, long length, LogSparseIndex scanned, bool clean, List<LogProblem> problems)
    {
        var indexPath = LogIndexFile.PathFor(path);
        var index = LogIndexFile.TryLoad(options.FileSystem, indexPath, options.IndexSpacing, length, out var problem);
        if (index is null)
        {
            if (problem != "missing")
            {
                Add(problems, new LogProblem(LogProblemKind.IndexInvalid, 0, 0, $"Index '{indexPath}': {problem}; opening the log rebuilds it."));
            }

            return;
        }

        // Fewer entries than records is normal (the index is not fsynced); wrong ones are not.
        // After a bad line the scan stops indexing, so only the entries before it are compared.
        var comparable = clean ? index.Count : Math.Min(index.Count, scanned.Count);
        for (var entry = 0; entry < comparable; entry++)
        {
            if (entry >= scanned.Count || index.Offsets[entry] != scanned.Offsets[entry])
            {
                var sequence = LogSparseIndex.SequenceOf(entry, index.Spacing);
                Add(problems, new LogProblem(LogProblemKind.IndexInvalid, 0, index.Offsets[entry],
                    $"Index '{indexPath}': entry {entry} puts record {sequence} at byte {index.Offsets[entry]}, which is not where the log has it; opening the log rebuilds the index."));
                return;
            }
        }
    }

    private static void Add(List<LogProblem> problems, LogProblem? problem)
    {
        if (problem is not null && problems.Count < LogVerificationReport.MaxProblems)
        {
            problems.Add(problem);
        }
    }
}
