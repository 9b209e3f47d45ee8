using System.Globalization;
using ChatDb.Storage;
using ChatDb.Storage.Logs;

namespace ChatDb.Grains.Internal;

/// <summary>One line of a run list: the id of a run, in the order the runs started (stored <c>{"seq":N,"run_id":"run_..."}</c>).</summary>
public sealed record RunListEntry(string RunId);

/// <summary>
/// The run ids of an agent, of a user's runs of a global agent, or of a panel, oldest first, as the grain's append-only
/// log <c>runs</c> (docs/STORAGE.md §10, §11). Recording a run appends one durable line, and listing the newest runs
/// reads only the log's tail, so neither costs more as the list grows. Only the owning grain writes it, one append at a
/// time.
/// </summary>
internal sealed class RunList(IPersistentLog<RunListEntry> log)
{
    /// <summary>
    /// How many of the newest entries an append looks through for its id. An id comes twice only from a retried start of
    /// the same run (the run grain records it as it starts, side by side with the start's own write, and a caller retries a
    /// failed start at once), so the earlier entry is among the newest: the other runs of the same list started in between are
    /// few. A repeat older than this window is written again; <see cref="NewestAsync"/> still shows each run once.
    /// </summary>
    internal const int RecentWindow = 256;

    /// <summary>How many entries <see cref="ForEachAsync"/> reads at a time.</summary>
    private const int Page = 512;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// The ids of the newest <see cref="RecentWindow"/> entries, oldest first, read from the log's tail by the first
    /// append of the activation and kept up to date by the next ones (this activation is the only writer).
    /// </summary>
    private Queue<string>? _recent;

    /// <summary>
    /// Appends <paramref name="runId"/> unless one of the newest <see cref="RecentWindow"/> entries holds it already.
    /// Returns whether it was appended and whether the list was empty before.
    /// </summary>
    public async Task<(bool Added, bool First)> AddAsync(string runId)
    {
        await _gate.WaitAsync();
        try
        {
            await log.EnsureLoadedAsync();
            var count = log.Count;
            _recent ??= new Queue<string>(count == 0 ? [] : (await log.ReadTailAsync((int)Math.Min(count, RecentWindow))).Select(entry => entry.Value.RunId));
            if (_recent.Contains(runId, StringComparer.Ordinal))
            {
                return (false, false);
            }

            // Durable, as the list document it replaces was: the start of a run is acknowledged once the run is listed.
            await log.AppendAsync(new RunListEntry(runId));
            _recent.Enqueue(runId);
            if (_recent.Count > RecentWindow)
            {
                _recent.Dequeue();
            }

            return (true, count == 0);
        }
        catch
        {
            // A failed append may or may not have reached the log: read the tail again next time.
            _recent = null;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The ids of the newest <paramref name="limit"/> runs, newest first, each once; read from the log's tail. A limit
    /// below 1 is a ValidationError naming <paramref name="subject"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> NewestAsync(int limit, string subject)
    {
        if (limit < 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{subject}: limit {limit} is rejected by rule 'limit-from-1'."));
        }

        await log.EnsureLoadedAsync();
        var count = log.Count;
        var want = (int)Math.Min(count, limit);
        while (true)
        {
            var tail = await log.ReadTailAsync(want);
            var ids = new List<string>(Math.Min(limit, tail.Count));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = tail.Count - 1; i >= 0 && ids.Count < limit; i--)
            {
                if (seen.Add(tail[i].Value.RunId))
                {
                    ids.Add(tail[i].Value.RunId);
                }
            }

            // A repeated id (see RecentWindow) takes a place in the tail: read further back until the limit is met.
            if (ids.Count >= limit || want >= count)
            {
                return ids;
            }

            want = (int)Math.Min(count, (long)want * 2);
        }
    }

    /// <summary>Calls <paramref name="action"/> for every id, oldest first (a repeated one again), reading the log a page at a time.</summary>
    public async Task<long> ForEachAsync(Func<string, Task> action)
    {
        await log.EnsureLoadedAsync();
        var count = log.Count;
        for (long next = 1; next <= count; next += Page)
        {
            foreach (var entry in await log.ReadAsync(next, Page))
            {
                await action(entry.Value.RunId);
            }
        }

        return count;
    }

    /// <summary>Removes the whole list.</summary>
    public Task ClearAsync()
    {
        _recent = null;
        return log.ClearAsync();
    }

    /// <summary>Reads the count again, for an activation whose files an operation it asked for replaced (a restore from the trash).</summary>
    public Task ReloadAsync()
    {
        _recent = null;
        return log.ReloadAsync();
    }
}
