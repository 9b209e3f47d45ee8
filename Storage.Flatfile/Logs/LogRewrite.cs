using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// Replaces records of a closed log without moving any sequence number, for erasing data. The log is
/// never written in place: the new log is written to a temp file beside it, flushed, and renamed over
/// the old one (a live backup that hard-linked the old file keeps its own inode, untouched). The offset
/// index is dropped before the rename (it describes the old bytes; the next open rebuilds it), so a crash
/// at any point leaves either the old log or the new one, each with no index or a right one. Afterwards
/// the side files are scrubbed: a kept-aside torn tail (<c>.corrupt</c>) loses every line of a replaced
/// record or holding an erased text, and a compressed copy left beside the plain log (<c>.gz</c>, a
/// leftover the plain log overrides) is deleted. The caller holds the log closed and is its only writer.
/// </summary>
internal static class LogRewrite
{
    private const int ChunkSize = 64 * 1024;

    /// <param name="path">The log file.</param>
    /// <param name="expectedCount">The count of the log as its owner knows it; a different number of lines is an <see cref="IntegrityError"/>.</param>
    /// <param name="replacements">New caller objects (without <c>seq</c>) by sequence number.</param>
    /// <param name="erase">Texts no file of the log may hold afterwards.</param>
    /// <param name="tempPath">Where to write the new log (a fresh temp name in the log's directory).</param>
    /// <param name="sideFileTempPath">Makes a fresh temp name beside a side file.</param>
    /// <param name="fileSystem">The I/O seam.</param>
    /// <param name="durable">Fsync the new files and the directory.</param>
    /// <param name="afterStep">Test hook called after each step; an exception thrown by it acts as a crash there.</param>
    public static void Rewrite(
        string path,
        long expectedCount,
        IReadOnlyDictionary<long, ReadOnlyMemory<byte>> replacements,
        IReadOnlyCollection<string> erase,
        string tempPath,
        Func<string, string> sideFileTempPath,
        IFlatfileFileSystem fileSystem,
        bool durable,
        Action<LogRewriteStep>? afterStep = null)
    {
        foreach (var sequence in replacements.Keys)
        {
            if (sequence < 1 || sequence > expectedCount)
            {
                throw new NotFoundError($"Log '{path}' has no record {sequence} to rewrite (it holds {expectedCount}).");
            }
        }

        var directory = Path.GetDirectoryName(path)!;
        try
        {
            WriteNewLog(path, expectedCount, replacements, tempPath, fileSystem, durable);
            afterStep?.Invoke(LogRewriteStep.TempWritten);
            var index = LogIndexFile.PathFor(path);
            if (fileSystem.FileExists(index))
            {
                // Durable before the rename: a disk that kept the rename but not the deletion would pair the new log with the old offsets.
                fileSystem.DeleteFile(index);
                if (durable)
                {
                    fileSystem.SyncDirectory(directory);
                }
            }

            afterStep?.Invoke(LogRewriteStep.IndexDropped);
            fileSystem.Move(tempPath, path, overwrite: true);
            afterStep?.Invoke(LogRewriteStep.Renamed);
            if (durable)
            {
                fileSystem.SyncDirectory(directory);
            }

            afterStep?.Invoke(LogRewriteStep.DirectorySynced);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(fileSystem, tempPath);
            throw new StorageError($"rewriting log '{path}' failed: {e.Message}; the log is the old one or the new one, whole.", e);
        }
        catch (StorageError)
        {
            TryDelete(fileSystem, tempPath);
            throw;
        }

        var needles = Needles(erase);
        try
        {
            ScrubQuarantine(LogTailQuarantine.PathFor(path), replacements.Keys.ToHashSet(), needles, sideFileTempPath, fileSystem, durable);
            var archive = path + ".gz";
            if (fileSystem.FileExists(archive))
            {
                // A plain log beside its archive overrides it (an interrupted archive or inflate): the archive holds the old bytes.
                fileSystem.DeleteFile(archive);
                if (durable)
                {
                    fileSystem.SyncDirectory(directory);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"scrubbing the side files of log '{path}' failed: {e.Message}; the log itself is rewritten, repeat the call to finish.", e);
        }

        afterStep?.Invoke(LogRewriteStep.SideFilesScrubbed);
    }

    /// <summary>The UTF-8 forms a text can take in a file: as given, and JSON-escaped the way the storage writes strings.</summary>
    private static List<byte[]> Needles(IReadOnlyCollection<string> erase)
    {
        var needles = new List<byte[]>();
        foreach (var text in erase.Where(t => t.Length > 0))
        {
            needles.Add(Encoding.UTF8.GetBytes(text));
            var escaped = JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(text);
            if (escaped != text)
            {
                needles.Add(Encoding.UTF8.GetBytes(escaped));
            }
        }

        return needles;
    }

    private static void WriteNewLog(
        string path, long expectedCount, IReadOnlyDictionary<long, ReadOnlyMemory<byte>> replacements, string tempPath, IFlatfileFileSystem fileSystem, bool durable)
    {
        using var source = fileSystem.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var target = fileSystem.OpenHandle(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        long written = 0;
        long lines = 0;
        var lineBuffer = new ArrayBufferWriter<byte>();
        ForEachLine(fileSystem, source, line =>
        {
            lines++;
            if (!LogLineFormat.TryReadSequence(line, out var sequence) || sequence != lines)
            {
                throw new IntegrityError($"Log '{path}': line {lines} does not hold record {lines}; it cannot be rewritten (run chatdb verify).");
            }

            lineBuffer.ResetWrittenCount();
            if (replacements.TryGetValue(sequence, out var replacement))
            {
                LogLineFormat.ValidateCallerObject(replacement.Span, $"replacement of record {sequence} of log '{path}'");
                var length = LogLineFormat.WriteLine(
                    lineBuffer.GetSpan(LogLineFormat.MaxLineLength(replacement.Length)), sequence, replacement.Span, LogLineFormat.IsEmptyObject(replacement.Span));
                lineBuffer.Advance(length);
            }
            else
            {
                lineBuffer.Write(line);
                lineBuffer.Write([LogLineFormat.NewLine]);
            }

            fileSystem.Write(target, lineBuffer.WrittenSpan, written);
            written += lineBuffer.WrittenCount;
        });

        if (lines != expectedCount)
        {
            throw new IntegrityError($"Log '{path}' holds {lines} records where its owner counts {expectedCount}; it cannot be rewritten (run chatdb verify).");
        }

        if (durable)
        {
            fileSystem.FlushToDisk(target);
        }
    }

    private delegate void LineAction(ReadOnlySpan<byte> line);

    /// <summary>Calls <paramref name="onLine"/> for each line of a file, without its newline; a last line without one is passed as it is.</summary>
    private static void ForEachLine(IFlatfileFileSystem fileSystem, SafeFileHandle handle, LineAction onLine)
    {
        var pending = new ArrayBufferWriter<byte>();
        var chunk = new byte[ChunkSize];
        long offset = 0;
        int read;
        while ((read = fileSystem.Read(handle, chunk, offset)) > 0)
        {
            offset += read;
            var rest = chunk.AsSpan(0, read);
            int newline;
            while ((newline = rest.IndexOf(LogLineFormat.NewLine)) >= 0)
            {
                if (pending.WrittenCount == 0)
                {
                    onLine(rest[..newline]);
                }
                else
                {
                    pending.Write(rest[..newline]);
                    onLine(pending.WrittenSpan);
                    pending.ResetWrittenCount();
                }

                rest = rest[(newline + 1)..];
            }

            pending.Write(rest);
        }

        if (pending.WrittenCount > 0)
        {
            onLine(pending.WrittenSpan);
        }
    }

    private static void ScrubQuarantine(
        string quarantine, HashSet<long> replaced, List<byte[]> needles, Func<string, string> tempPathFor, IFlatfileFileSystem fileSystem, bool durable)
    {
        if (!fileSystem.FileExists(quarantine))
        {
            return;
        }

        var kept = new ArrayBufferWriter<byte>();
        var dropped = 0;
        using (var handle = fileSystem.OpenHandle(quarantine, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            ForEachLine(fileSystem, handle, line =>
            {
                var ofReplaced = LogLineFormat.TryReadSequence(line, out var sequence) && replaced.Contains(sequence);
                if (ofReplaced || Contains(line, needles))
                {
                    dropped++;
                    return;
                }

                kept.Write(line);
                kept.Write([LogLineFormat.NewLine]);
            });
        }

        if (dropped == 0)
        {
            return;
        }

        var temp = tempPathFor(quarantine);
        try
        {
            using (var target = fileSystem.OpenHandle(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                fileSystem.Write(target, kept.WrittenSpan, 0);
                if (durable)
                {
                    fileSystem.FlushToDisk(target);
                }
            }

            fileSystem.Move(temp, quarantine, overwrite: true);
        }
        catch
        {
            TryDelete(fileSystem, temp);
            throw;
        }

        if (durable)
        {
            fileSystem.SyncDirectory(Path.GetDirectoryName(quarantine)!);
        }
    }

    private static bool Contains(ReadOnlySpan<byte> line, List<byte[]> needles)
    {
        foreach (var needle in needles)
        {
            if (line.IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void TryDelete(IFlatfileFileSystem fileSystem, string path)
    {
        try
        {
            if (fileSystem.FileExists(path))
            {
                fileSystem.DeleteFile(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is what the caller needs to see; a leftover temp file is removed on the next open.
        }
    }
}
