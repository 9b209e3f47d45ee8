using System.IO.Compression;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Archived sessions: the session directory stays as it is, except that <c>messages.jsonl</c> is replaced by
/// <c>messages.jsonl.gz</c> (gzip of the exact same bytes) and the log's <c>.idx</c> is dropped. Listing
/// sessions, reading <c>session.json</c>, context and documents need nothing special; only the message log
/// must be inflated before the log engine opens it. Rule for every reader and writer: when a plain
/// <c>messages.jsonl</c> exists it is authoritative, and a <c>.gz</c> beside it is a leftover of an
/// interrupted archive or inflate (verify reports it, <c>--repair</c> removes it). Temp files are named by
/// <see cref="AtomicFile.NewTempPath"/> (random, with the configured <c>AtomicWriteTempSuffix</c>), so two
/// inflations never share one and verify and the store's open recognise a leftover as a temp file.
/// </summary>
public static class ArchivedSessions
{
    public const string ArchiveExtension = ".gz";

    public static string ArchivePathFor(string messagesPath) => messagesPath + ArchiveExtension;

    /// <summary>True when the log at <paramref name="messagesPath"/> exists only compressed.</summary>
    public static bool IsArchived(string messagesPath) =>
        !File.Exists(messagesPath) && File.Exists(ArchivePathFor(messagesPath));

    /// <summary>
    /// Restores the plain log from its archive (temp file, fsync, rename, directory fsync), then removes the
    /// archive. Call it before opening the log when <see cref="IsArchived"/>; safe to call concurrently with
    /// readers of the archive and with another inflate of the same log (each writes its own temp file; the
    /// one that loses the rename returns false).
    /// </summary>
    /// <param name="messagesPath">The plain log's path.</param>
    /// <param name="files">Names the temp file and says whether to fsync (the data directory's <see cref="AtomicFile"/>).</param>
    /// <param name="cancellationToken">Stops before the rename; the archive is unchanged.</param>
    /// <returns>False when there was nothing to inflate.</returns>
    public static async Task<bool> InflateAsync(string messagesPath, AtomicFile files, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messagesPath);
        ArgumentNullException.ThrowIfNull(files);
        var fsync = files.Durability == Durability.Fsync;
        var archive = ArchivePathFor(messagesPath);
        if (File.Exists(messagesPath) || !File.Exists(archive))
        {
            return false;
        }

        var temp = files.NewTempPath(messagesPath);
        try
        {
            var source = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
            await using (source.ConfigureAwait(false))
            {
                await WriteDurablyAsync(temp, source, fsync, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, messagesPath, overwrite: false);
        }
        catch (Exception e) when (e is IOException && File.Exists(messagesPath))
        {
            // Another inflate of the same log renamed first (or its archive vanished under us after that):
            // its plain log holds the same bytes, and it removes the archive.
            TryDelete(temp);
            return false;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new StorageError($"inflating archived log '{archive}' into '{messagesPath}' failed: {e.Message}; the archive is unchanged.", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        Sync(messagesPath, fsync);
        TryDelete(archive);
        Sync(messagesPath, fsync);
        return true;
    }

    /// <summary>
    /// Compresses the log into <c>messages.jsonl.gz</c> (temp file, fsync, rename), then deletes the plain log
    /// and its index. The caller must hold the log's writer role (offline: the directory lock).
    /// </summary>
    /// <returns>Bytes of the plain log and of the archive; (0, 0) when there was no plain log.</returns>
    public static async Task<(long Plain, long Compressed)> ArchiveAsync(string messagesPath, AtomicFile files, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messagesPath);
        ArgumentNullException.ThrowIfNull(files);
        if (!File.Exists(messagesPath))
        {
            return (0, 0);
        }

        var fsync = files.Durability == Durability.Fsync;
        var archive = ArchivePathFor(messagesPath);
        var temp = files.NewTempPath(archive);
        var plainLength = new FileInfo(messagesPath).Length;
        try
        {
            var source = File.OpenRead(messagesPath);
            await using (source.ConfigureAwait(false))
            {
                var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                await using (target.ConfigureAwait(false))
                {
                    var gzip = new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true);
                    await using (gzip.ConfigureAwait(false))
                    {
                        await source.CopyToAsync(gzip, 1 << 16, cancellationToken).ConfigureAwait(false);
                    }

                    target.Flush(flushToDisk: fsync);
                }
            }

            File.Move(temp, archive, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        Sync(archive, fsync);
        File.Delete(messagesPath);
        TryDelete(messagesPath + ".idx");
        Sync(archive, fsync);
        return (plainLength, new FileInfo(archive).Length);
    }

    /// <summary>Opens the log for reading whether it is plain or archived; null when neither exists.</summary>
    public static Stream? OpenRead(string messagesPath)
    {
        if (File.Exists(messagesPath))
        {
            return new FileStream(messagesPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }

        var archive = ArchivePathFor(messagesPath);
        return File.Exists(archive)
            ? new GZipStream(new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), CompressionMode.Decompress)
            : null;
    }

    private static async Task WriteDurablyAsync(string temp, Stream source, bool fsync, CancellationToken cancellationToken)
    {
        var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        await using (target.ConfigureAwait(false))
        {
            await source.CopyToAsync(target, 1 << 16, cancellationToken).ConfigureAwait(false);
            target.Flush(flushToDisk: fsync);
        }
    }

    private static void Sync(string file, bool fsync)
    {
        if (fsync)
        {
            DirectorySync.Fsync(Path.GetDirectoryName(Path.GetFullPath(file))!);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is reported by verify and removed on the next open.
        }
    }
}
