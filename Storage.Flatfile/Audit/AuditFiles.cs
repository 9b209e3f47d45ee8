using System.Text;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Audit;

/// <summary>
/// The audit directory's files (<c>{system}/audit/*.jsonl</c>, docs/STORAGE.md): one append log per silo, plus
/// <see cref="OfflineFileName"/> for the offline commands (<c>chatdb restore</c>, <c>chatdb prune</c>), which write it
/// only while they hold the data directory's exclusive lock, so every file still has one writer at a time.
/// </summary>
public static class AuditFiles
{
    /// <summary>The file the offline commands append to.</summary>
    public const string OfflineFileName = "offline.jsonl";

    /// <summary>The <see cref="AuditEntry.Silo"/> of a record written by an offline command.</summary>
    public const string OfflineSilo = "offline";

    /// <summary>Who ran an offline command: <c>cli:{operating system user}</c>.</summary>
    public static string OfflineActor => "cli:" + Environment.UserName;

    /// <summary>
    /// Entries of every file of <paramref name="directory"/>, newest first, filtered by time (<paramref name="since"/>
    /// inclusive, <paramref name="until"/> exclusive) and action, then paged. Reads the files whole: the audit log holds
    /// rare operations only. A missing directory has no entries.
    /// </summary>
    public static async Task<IReadOnlyList<AuditEntry>> ListAsync(
        string directory, DateTimeOffset? since, DateTimeOffset? until, string? action, int limit, int offset,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var entries = new List<AuditEntry>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            entries.AddRange(ReadFile(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false)));
        }

        return [.. entries
            .Where(e => (since is null || e.At >= since) && (until is null || e.At < until) && (action is null || e.Action == action))
            .OrderByDescending(e => e.At).ThenBy(e => e.Silo, StringComparer.Ordinal)
            .Skip(offset).Take(limit)];
    }

    /// <summary>Complete lines only: a line a silo is writing right now (no newline yet) is left for the next read.</summary>
    public static IEnumerable<AuditEntry> ReadFile(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = Encoding.UTF8.GetString(content);
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            yield break;
        }

        foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            AuditEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(line, AuditJsonContext.Default.AuditEntry);
            }
            catch (JsonException)
            {
                continue;
            }

            if (entry is not null)
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Appends <paramref name="entries"/> to <see cref="OfflineFileName"/> of <paramref name="directory"/> in one write and
    /// returns once they are durable (with <paramref name="durable"/>). The caller holds the data directory's exclusive lock.
    /// </summary>
    public static async Task AppendOfflineAsync(
        string directory, IReadOnlyList<AuditEntry> entries, bool durable, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var options = new AppendLogOptions { FsyncOnCommit = durable, TimeProvider = clock };
        await using var log = await AppendLog.OpenAsync(Path.Join(directory, OfflineFileName), options, cancellationToken).ConfigureAwait(false);
        var lines = entries.Select(e => (ReadOnlyMemory<byte>)JsonSerializer.SerializeToUtf8Bytes(e with { Silo = OfflineSilo }, AuditJsonContext.Default.AuditEntry)).ToList();
        await log.AppendBatchAsync(lines, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the audit files of <paramref name="from"/> into <paramref name="to"/> (a restore's staged tree), so a restore
    /// never takes back the records written since its backup. Every file is append-only, so of two copies of one file
    /// the longer holds the other; it wins, together with its sparse index (<c>.idx</c>), which belongs to it.
    /// </summary>
    public static void CarryOver(string from, string to, bool durable)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        if (!Directory.Exists(from))
        {
            return;
        }

        Directory.CreateDirectory(to);
        foreach (var current in Directory.EnumerateFiles(from, "*.jsonl"))
        {
            var name = Path.GetFileName(current);
            var staged = Path.Join(to, name);
            if (File.Exists(staged) && new FileInfo(staged).Length >= new FileInfo(current).Length)
            {
                continue;
            }

            CopyOver(current, staged, durable);
            var index = current + ".idx";
            if (File.Exists(index))
            {
                CopyOver(index, staged + ".idx", durable);
            }
            else
            {
                File.Delete(staged + ".idx");
            }
        }

        if (durable)
        {
            DirectorySync.Fsync(to);
        }
    }

    private static void CopyOver(string source, string target, bool durable)
    {
        File.Copy(source, target, overwrite: true);
        if (durable)
        {
            using var handle = File.OpenHandle(target, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.FlushToDisk(handle);
        }
    }
}
