using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Sessions;

namespace ChatDb.Storage.Flatfile.Maintenance;

// Session journals (docs/STORAGE.md §6): a journal line whose session lost or tore its session.json in a crash is
// repaired by the next open of the directory (or --repair), so it is a warning, and the missing or torn session.json
// it covers is not reported as an error of its own.
public sealed partial class VerifyEngine
{
    // The sessions each user's journal records as created and not removed, by user directory; read once per verify.
    private readonly Dictionary<string, HashSet<string>> _journaled = new(StringComparer.Ordinal);

    private void CheckSessionJournal(TreeItem item, List<VerifyProblem> problems, CancellationToken cancellationToken)
    {
        var report = AppendLog.VerifyAsync(item.Path, new AppendLogOptions(), cancellationToken).GetAwaiter().GetResult();
        foreach (var problem in report.Problems)
        {
            problems.Add(problem.Kind switch
            {
                // Lines a crash tore were never acknowledged: the next open cuts them.
                LogProblemKind.TornTail => new VerifyProblem(ProblemKind.TornTail, item.Path, problem.Message, Repairable: true, IsError: false),
                LogProblemKind.SequenceGap => new VerifyProblem(ProblemKind.SequenceGap, item.Path, problem.Message, Repairable: false),
                LogProblemKind.IndexInvalid => new VerifyProblem(ProblemKind.StaleLogIndex, LogIndexPath(item.Path), problem.Message, Repairable: true),
                _ => new VerifyProblem(ProblemKind.CorruptRecord, item.Path, problem.Message, Repairable: false),
            });
        }

        IReadOnlyList<SessionJournalEntry> live;
        try
        {
            live = SessionJournalEntry.Live(SessionJournalRecovery.Read(item.Path));
        }
        catch (IntegrityError e)
        {
            problems.Add(new VerifyProblem(ProblemKind.CorruptRecord, item.Path, e.Message, Repairable: false));
            return;
        }

        var userDirectory = Path.GetDirectoryName(item.Path)!;
        foreach (var entry in live)
        {
            var sessionFile = Path.Join(userDirectory, entry.SessionId, _options.SessionMetadataFilename);
            if (!SessionJournalRecovery.HasReadableRecord(sessionFile))
            {
                problems.Add(new VerifyProblem(ProblemKind.JournaledSession, sessionFile,
                    $"session '{entry.SessionId}' of user '{item.Ids.UserId}' is recorded as created in '{item.Path}' but its session.json is missing or torn "
                    + "(a crash before its directory was synced); the next open of the data directory, or --repair, rebuilds it from the journal.",
                    Repairable: true, IsError: false));
            }
        }
    }

    /// <summary>True when the user's journal records the session of <paramref name="ids"/> as created and not removed.</summary>
    private bool IsJournaled(RecordIds ids)
    {
        if (ids.UserId is null || ids.SessionId is null)
        {
            return false;
        }

        var userDirectory = Path.Join(_options.StorageBasePath, _options.UserDataDirectoryName, ids.UserId);
        if (!_journaled.TryGetValue(userDirectory, out var sessions))
        {
            try
            {
                var entries = SessionJournalRecovery.Read(Path.Join(userDirectory, FlatfileLayout.SessionJournalFilename));
                sessions = SessionJournalEntry.Live(entries).Select(e => e.SessionId).ToHashSet(StringComparer.Ordinal);
            }
            catch (IntegrityError)
            {
                // Reported where the journal itself is checked; it covers nothing meanwhile.
                sessions = [];
            }

            _journaled[userDirectory] = sessions;
        }

        return sessions.Contains(ids.SessionId);
    }

    private string RepairJournaledSession(VerifyProblem problem)
    {
        var userId = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(problem.Path))!);
        var atomicFile = new AtomicFile(_options);
        var rebuilt = SessionJournalRecovery.RecoverUser(new FlatfileLayout(_options), atomicFile, userId);
        return $"replayed the session journal of user '{userId}' ({rebuilt} session.json rebuilt) and emptied it";
    }
}
