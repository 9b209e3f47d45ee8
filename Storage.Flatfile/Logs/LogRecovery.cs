using ChatDb.Storage.Flatfile.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>What opening found: the records on disk and the index that locates them.</summary>
internal sealed record LogOpenState(LogSparseIndex Index, long Count, long EndOffset, int PersistedIndexEntries);

/// <summary>
/// Brings a log to a clean state when it is opened. Only the records after the last index entry
/// are scanned (at most K plus whatever the index had not caught up with), so opening a large
/// healthy log costs the same as opening a small one. A torn tail is cut and kept aside; a bad
/// record followed by complete lines is corruption and stops the open.
/// </summary>
internal static class LogRecovery
{
    private const int SampledIndexEntries = 8;

    public static LogOpenState Recover(SafeFileHandle handle, string path, AppendLogOptions options, ILogger logger)
    {
        var fileSystem = options.FileSystem;
        var length = fileSystem.GetLength(handle);
        var indexPath = LogIndexFile.PathFor(path);
        var index = LogIndexFile.TryLoad(fileSystem, indexPath, options.IndexSpacing, length, out var problem);
        var persisted = index?.Count ?? -1;
        if (index is not null && !SpotCheck(fileSystem, handle, index))
        {
            problem = "its entries do not point at the records they name";
            index = null;
            persisted = -1;
        }

        index ??= new LogSparseIndex(options.IndexSpacing);

        // Rescan from the last indexed record: it is re-added by the scan below.
        var sequence = 1L;
        var offset = 0L;
        if (index.Count > 0)
        {
            sequence = LogSparseIndex.SequenceOf(index.Count - 1, index.Spacing);
            offset = index.Offsets[index.Count - 1];
            index.DropFrom(offset);
        }

        var (count, end, cutReason) = Scan(handle, path, index, sequence, offset, length, options);
        if (persisted < 0 && index.Count >= 2)
        {
            LogMessages.IndexRebuilt(logger, path, problem ?? "missing", index.Count);
        }

        if (cutReason is not null)
        {
            LogMessages.TailCut(logger, path, end, length - end, cutReason, LogTailQuarantine.PathFor(path));
        }

        if (persisted > index.Count)
        {
            persisted = -1;
        }

        if (persisted != index.Count)
        {
            try
            {
                persisted = LogIndexFile.Write(fileSystem, indexPath, index, persisted);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogMessages.IndexWriteFailed(logger, e, path, indexPath);
                persisted = -1;
            }
        }

        return new LogOpenState(index, count, end, persisted);
    }

    private static (long Count, long End, string? CutReason) Scan(SafeFileHandle handle, string path, LogSparseIndex index, long sequence, long offset, long length, AppendLogOptions options)
    {
        using var scanner = new LogLineScanner(options.FileSystem, handle, offset, length);
        var end = offset;
        while (scanner.TryReadLine(out var line, out var lineOffset, out var terminated))
        {
            var found = 0L;
            var check = terminated ? LogLineFormat.Check(line, sequence, out found) : LineCheck.Unterminated;
            if (check == LineCheck.Ok)
            {
                index.Add(sequence, lineOffset);
                sequence++;
                end = scanner.Position;
                continue;
            }

            var reason = LogLineFormat.Describe(check, sequence, found);
            if (check != LineCheck.Unterminated && scanner.TryReadLine(out _, out var nextOffset, out var nextTerminated) && nextTerminated)
            {
                throw new IntegrityError(
                    $"Log '{path}' line {sequence} (byte offset {lineOffset}) is corrupt: {reason}. A complete line follows it " +
                    $"(byte offset {nextOffset}), so it is not a torn tail and is not cut; the log is not opened. Repair or restore the file.");
            }

            reason = $"line {sequence}: {reason}";
            LogTailQuarantine.Keep(handle, path, lineOffset, length, reason, options);
            options.FileSystem.SetLength(handle, lineOffset);
            options.FileSystem.FlushToDisk(handle);
            index.DropFrom(lineOffset);
            return (sequence - 1, lineOffset, reason);
        }

        return (sequence - 1, end, null);
    }

    /// <summary>
    /// Checks on disk the last entry (where the scan starts; one bad last entry is dropped rather
    /// than the whole index) and a few evenly spaced others. Reads check every entry they use.
    /// </summary>
    private static bool SpotCheck(IFlatfileFileSystem fileSystem, SafeFileHandle handle, LogSparseIndex index)
    {
        for (var attempt = 0; attempt < 2 && index.Count > 0; attempt++)
        {
            var last = index.Count - 1;
            if (LogIndexFile.PointsAtRecord(fileSystem, handle, index.Offsets[last], LogSparseIndex.SequenceOf(last, index.Spacing)))
            {
                break;
            }

            index.DropFrom(index.Offsets[last]);
            if (attempt == 1)
            {
                return false;
            }
        }

        var step = Math.Max(1, index.Count / SampledIndexEntries);
        for (var entry = 0; entry < index.Count; entry += step)
        {
            if (!LogIndexFile.PointsAtRecord(fileSystem, handle, index.Offsets[entry], LogSparseIndex.SequenceOf(entry, index.Spacing)))
            {
                return false;
            }
        }

        return true;
    }
}
