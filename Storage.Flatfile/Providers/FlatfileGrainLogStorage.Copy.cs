using ChatDb.Storage.Logs;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Copying a log (a session fork) as bytes: the export cuts each stored line's <c>"seq"</c> off and serialises
/// only the replaced entries; the target appends the objects as one group commit, numbering them from 1 again,
/// so its lines are byte for byte the origin's. The image's entries are taken as the origin's log stored them:
/// each is checked to be one JSON object on one line, not parsed again. Both run inside the write gate, like
/// every other log operation.
/// </summary>
public sealed partial class FlatfileGrainLogStorage : IGrainLogCopier
{
    public Task<LogImage> ExportAsync<T>(
        string logName, GrainId grainId, long count, IReadOnlyDictionary<long, T> replacements, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return _gate.RunAsync(() => ExportCoreAsync(logName, grainId, count, replacements, cancellationToken), cancellationToken);
    }

    public Task<long> AppendImageAsync(string logName, GrainId grainId, LogImage image, long expectedCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(image);
        image.Validate($"Log '{logName}' of grain {grainId} in {this}");
        var records = new ReadOnlyMemory<byte>[image.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = image.Entry(i);
        }

        return _gate.RunAsync(() => AppendRecordsAsync(logName, grainId, records, expectedCount, trusted: true, LogDurability.Durable, cancellationToken), cancellationToken);
    }

    private async Task<LogImage> ExportCoreAsync<T>(
        string logName, GrainId grainId, long count, IReadOnlyDictionary<long, T> replacements, CancellationToken cancellationToken)
    {
        var records = new Dictionary<long, ReadOnlyMemory<byte>>(replacements.Count);
        foreach (var (sequence, value) in replacements)
        {
            if (sequence < 1 || sequence > count)
            {
                throw new NotFoundError($"Log '{logName}' of grain {grainId} in {this}: entry {sequence} to replace is outside the exported 1..{count}.");
            }

            records[sequence] = LogEntryJson.Serialize(value);
        }

        using var lease = await _logs.AcquireAsync(grainId, logName, _resolvePath, create: false, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return count == 0
                ? new LogImage(0, [], [])
                : throw new NotFoundError($"Log '{logName}' of grain {grainId} in {this} does not exist; there are no {count} entries to export.");
        }

        var (data, ends) = lease.Log.CopyRecords(count, records);
        return new LogImage(count, data, ends);
    }
}
