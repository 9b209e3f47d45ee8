using System.Text.Json;

namespace ChatDb.Storage.Flatfile.Maintenance;

// A session's edits log names messages by seq: every target must be a message of the session's own log.
public sealed partial class VerifyEngine
{
    private void CheckEditTargets(TreeItem item, List<VerifyProblem> problems)
    {
        if (item.Kind != RecordKind.MessageEdit)
        {
            return;
        }

        var messages = CountLines(Path.Join(Path.GetDirectoryName(item.Path)!, _options.MessagesFilename));
        using var stream = File.OpenRead(item.Path);
        using var reader = new LineReader(stream);
        var line = 0L;
        while (reader.TryReadLine(out var text, out _, out var terminated))
        {
            line++;
            if (terminated && TargetSeq(text) is { } target && (target < 1 || target > messages))
            {
                problems.Add(new VerifyProblem(ProblemKind.EditTargetMissing, item.Path,
                    $"edits log '{item.Path}' line {line} names message {target}, but the session's message log holds 1..{messages} (rule: edit-target-exists).",
                    Repairable: false));
            }
        }
    }

    private static long CountLines(string messagesPath)
    {
        using var stream = ArchivedSessions.OpenRead(messagesPath);
        if (stream is null)
        {
            return 0;
        }

        using var reader = new LineReader(stream);
        var count = 0L;
        while (reader.TryReadLine(out _, out _, out var terminated) && terminated)
        {
            count++;
        }

        return count;
    }

    /// <summary>The top-level <c>target_seq</c> of a record; null when it has none (the model check reports that).</summary>
    private static long? TargetSeq(ReadOnlySpan<byte> record) => TopLevelNumber(record, "target_seq"u8);

    /// <summary>The top-level number named <paramref name="name"/> of a record; null when it has none.</summary>
    private static long? TopLevelNumber(ReadOnlySpan<byte> record, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(record);
        return SeekTopLevel(ref reader, name) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;
    }

    /// <summary>The top-level string named <paramref name="name"/> of a record; null when it has none.</summary>
    private static string? TopLevelString(ReadOnlySpan<byte> record, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(record);
        return SeekTopLevel(ref reader, name) && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>
    /// Moves <paramref name="reader"/> onto the value of the record's top-level property <paramref name="name"/>; false
    /// when the record has none or is not JSON (the log check already reported that line).
    /// </summary>
    private static bool SeekTopLevel(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTarget = reader.ValueTextEquals(name);
                reader.Read();
                if (isTarget)
                {
                    return true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the log check reported the line.
        }

        return false;
    }
}
