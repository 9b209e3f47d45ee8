using System.Buffers.Binary;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Storage figures of a data directory: users, sessions, message records and bytes on disk.
/// </summary>
/// <param name="Users">Directories under <c>users/</c> whose name is a valid user id.</param>
/// <param name="Sessions">Session directories of those users (trash and archives not counted).</param>
/// <param name="Messages">Records of the sessions' <c>messages.jsonl</c> logs (deleted and redacted ones included).</param>
/// <param name="BytesOnDisk">The lengths of every file under the data directory, trash and indexes included.</param>
public sealed record StorageStatistics(long Users, long Sessions, long Messages, long BytesOnDisk)
{
    /// <summary>
    /// Computes the figures without reading message text: one directory walk for the byte total (a stat per file),
    /// and per session log the last entry of its sparse index (<c>messages.jsonl.idx</c>, 16 bytes read) plus the
    /// lines after that entry's offset (at most one index spacing of lines). A log without a usable index is small
    /// or has just been written; its lines are counted. Files may change during the walk, so the figures are a
    /// close estimate of one moment, not a snapshot.
    /// </summary>
    public static StorageStatistics Compute(FlatfileStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new Layout.FlatfileLayout(options);
        long users = 0, sessions = 0, messages = 0;
        var usersDirectory = new DirectoryInfo(layout.UsersDirectory);
        if (usersDirectory.Exists)
        {
            foreach (var user in usersDirectory.EnumerateDirectories())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!EntityIdValidator.IsValid(user.Name))
                {
                    continue;
                }

                users++;
                foreach (var session in user.EnumerateDirectories(options.SessionIdPrefix + "_*"))
                {
                    sessions++;
                    messages += CountRecords(Path.Join(session.FullName, options.MessagesFilename));
                }
            }
        }

        return new StorageStatistics(users, sessions, messages, BytesUnder(layout.BaseDirectory, cancellationToken));
    }

    private static long BytesUnder(string directory, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            return 0;
        }

        long bytes = 0;
        var walk = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in root.EnumerateFiles("*", walk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            bytes += file.Length;
        }

        return bytes;
    }

    /// <summary>The records of a JSONL log: complete lines, read from the last sparse index entry on when the index fits the log.</summary>
    internal static long CountRecords(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return 0;
        }

        try
        {
            using var log = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
            var (before, offset) = LastIndexedRecord(LogIndexFile.PathFor(logPath), log.Length);
            log.Position = offset;
            return before + CountLines(log);
        }
        catch (FileNotFoundException)
        {
            // Deleted during the walk.
            return 0;
        }
    }

    /// <summary>How many records precede the last indexed one, and that record's offset; (0, 0) when the index is absent or does not fit.</summary>
    private static (long Before, long Offset) LastIndexedRecord(string indexPath, long logLength)
    {
        Span<byte> header = stackalloc byte[LogIndexFile.HeaderSize];
        Span<byte> entry = stackalloc byte[LogIndexFile.EntrySize];
        try
        {
            using var index = new FileStream(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            var entries = (index.Length - LogIndexFile.HeaderSize) / LogIndexFile.EntrySize;
            if (entries < 1 || index.Read(header) != header.Length)
            {
                return (0, 0);
            }

            var spacing = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
            index.Position = LogIndexFile.HeaderSize + ((entries - 1) * LogIndexFile.EntrySize);
            if (spacing == 0 || index.Read(entry) != entry.Length)
            {
                return (0, 0);
            }

            var sequence = BinaryPrimitives.ReadInt64LittleEndian(entry);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(entry[8..]);

            // The index is written without fsync: an entry that does not fit its position or the log is ignored.
            return sequence == ((entries - 1) * spacing) + 1 && offset >= 0 && offset < logLength ? (sequence - 1, offset) : (0, 0);
        }
        catch (FileNotFoundException)
        {
            return (0, 0);
        }
    }

    private static long CountLines(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        long lines = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }
}
