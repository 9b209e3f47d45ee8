using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Maintenance;

// Message logs: the log engine's own verification (lines, sequence, offset index), then every record
// against its model. Archived logs are checked through their gzip stream.
public sealed partial class VerifyEngine
{
    private long CheckLog(TreeItem item, List<VerifyProblem> problems, ProgressCounter counter, CancellationToken cancellationToken)
    {
        if (!item.IsArchived)
        {
            var report = AppendLog.VerifyAsync(item.Path, new AppendLogOptions(), cancellationToken).GetAwaiter().GetResult();
            foreach (var problem in report.Problems)
            {
                problems.Add(problem.Kind switch
                {
                    LogProblemKind.TornTail => new VerifyProblem(ProblemKind.TornTail, item.Path, problem.Message, Repairable: true),
                    LogProblemKind.SequenceGap => new VerifyProblem(ProblemKind.SequenceGap, item.Path, problem.Message, Repairable: false),
                    LogProblemKind.IndexInvalid => new VerifyProblem(ProblemKind.StaleLogIndex, LogIndexPath(item.Path), problem.Message, Repairable: true),
                    _ => new VerifyProblem(ProblemKind.CorruptRecord, item.Path, problem.Message, Repairable: false),
                });
            }
        }

        var logPath = item.IsArchived ? item.Path[..^ArchivedSessions.ArchiveExtension.Length] : item.Path;
        using var stream = ArchivedSessions.OpenRead(logPath) ?? throw new StorageError($"log '{item.Path}' disappeared during verify.");
        using var reader = new LineReader(stream);
        var kind = item.Kind!.Value;
        var valid = 0L;
        var modelErrors = 0;
        var line = 0L;
        try
        {
            while (reader.TryReadLine(out var text, out var offset, out var terminated))
            {
                line++;
                if ((line & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (!terminated || !LogLineFormat.TryReadSequence(text, out var sequence) || sequence != line)
                {
                    if (item.IsArchived)
                    {
                        problems.Add(new VerifyProblem(ProblemKind.CorruptRecord, item.Path,
                            $"archived log '{item.Path}' line {line} (byte offset {offset} of the inflated log) is not record {line}.", Repairable: false));
                        break;
                    }

                    continue;
                }

                try
                {
                    _schema.Validate(kind, item.Path, text);
                    valid++;
                    counter.Add();
                }
                catch (IntegrityError e)
                {
                    if (++modelErrors <= MaxModelErrorsPerLog)
                    {
                        problems.Add(new VerifyProblem(ProblemKind.InvalidDocument, item.Path,
                            $"log '{item.Path}' line {line} (byte offset {offset}) is not a valid {RecordKinds.Name(kind)}: {e.Message}", Repairable: false));
                    }
                }
            }
        }
        catch (InvalidDataException e)
        {
            problems.Add(new VerifyProblem(ProblemKind.CorruptRecord, item.Path, $"archived log '{item.Path}' is not a valid gzip stream: {e.Message}", Repairable: false));
        }

        return valid;
    }

    private static string LogIndexPath(string logPath) => logPath + ".idx";
}
