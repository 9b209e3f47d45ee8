using ChatDb.Storage.Flatfile.Layout;

namespace ChatDb.Storage.Flatfile.Maintenance;

// An event log names messages by seq (and edits by record number): every reference must be a line of the entity's own logs.
public sealed partial class VerifyEngine
{
    private void CheckEventTargets(TreeItem item, List<VerifyProblem> problems)
    {
        if (item.Kind is not (RecordKind.SessionEvent or RecordKind.PanelEvent))
        {
            return;
        }

        var directory = Path.GetDirectoryName(item.Path)!;
        var messages = CountLines(Path.Join(directory, _options.MessagesFilename));
        var edits = item.Kind == RecordKind.SessionEvent ? CountLines(Path.Join(directory, FlatfileLayout.EditsFilename)) : 0;
        using var stream = File.OpenRead(item.Path);
        using var reader = new LineReader(stream);
        var line = 0L;
        while (reader.TryReadLine(out var text, out _, out var terminated))
        {
            line++;
            if (!terminated)
            {
                continue;
            }

            // Beyond the end is the trace of a write that did not complete beside its event (both are written at once,
            // docs/STORAGE.md §1b) or of a live backup taken between the two: a warning, never replayed. Below 1 is an error.
            if (TopLevelNumber(text, "message_seq"u8) is { } seq && (seq < 1 || seq > messages))
            {
                problems.Add(new VerifyProblem(ProblemKind.EventTargetMissing, item.Path,
                    $"event log '{item.Path}' line {line} names message {seq}, but the message log holds 1..{messages} (rule: event-target-exists)"
                    + (seq < 1 ? "." : "; an unfinished write, the event is never replayed."),
                    Repairable: false, IsError: seq < 1));
            }

            if (TopLevelNumber(text, "edit_seq"u8) is { } edit && (edit < 1 || edit > edits))
            {
                problems.Add(new VerifyProblem(ProblemKind.EventTargetMissing, item.Path,
                    $"event log '{item.Path}' line {line} names edit record {edit}, but the edits log holds 1..{edits} (rule: event-target-exists)"
                    + (edit < 1 ? "." : "; an unfinished write, the event is never replayed."),
                    Repairable: false, IsError: edit < 1));
            }
        }
    }
}
