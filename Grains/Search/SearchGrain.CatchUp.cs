using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Search;

public sealed partial class SearchGrain
{
    private const int CatchUpPageSize = 500;
    private const int EmbeddingBatchSize = 256;

    /// <summary>
    /// Catch-up for searches: one at a time, shared by the searches that arrive while it runs (they are read-only
    /// calls and interleave), and nothing at all when the index is level with the logs.
    /// </summary>
    private Task CatchUpOnceAsync()
    {
        if (_catchUp is { IsCompleted: false })
        {
            return _catchUp;
        }

        if (_checkedAgainstLogs && _stale.Count == 0 && _toEmbed.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _catchUp = CatchUpAsync();
    }

    /// <summary>
    /// Brings the index level with the logs: all sessions once per activation (the logs are the
    /// truth, the files only a head start), afterwards only sessions where a gap was seen; then
    /// embeds what waits for a vector.
    /// </summary>
    private async Task CatchUpAsync()
    {
        if (!_checkedAgainstLogs)
        {
            await CheckAgainstLogsAsync();
        }
        else
        {
            foreach (var sessionId in _stale.ToList())
            {
                await CatchUpSessionAsync(sessionId, withContext: false);
            }
        }

        await EmbedPendingAsync();
    }

    private async Task CheckAgainstLogsAsync()
    {
        var sessions = await User.ListSessionsAsync(int.MaxValue, 0, null);
        var listed = sessions.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        await _readers.BeforeChangeAsync();
        foreach (var sessionId in _index.Sessions.Where(id => !listed.Contains(id)).ToList())
        {
            removed += _index.RemoveSession(sessionId) ? 1 : 0;
        }

        long fed = 0;
        foreach (var session in sessions)
        {
            fed += await CatchUpSessionAsync(session.Id, withContext: true);
        }

        _checkedAgainstLogs = true;
        _stale.Clear();
        if (fed > 0 || removed > 0)
        {
            MarkDirty();
        }

        SearchLog.CheckedAgainstLogs(_logger, _userId, sessions.Count, fed, removed);
    }

    /// <summary>Feeds the session's log from the index's high-water mark on; returns how many messages were read.</summary>
    private async Task<long> CatchUpSessionAsync(string sessionId, bool withContext)
    {
        var session = GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, sessionId));
        long count;
        try
        {
            count = await session.CountMessagesAsync();
        }
        catch (NotFoundError)
        {
            await _readers.BeforeChangeAsync();
            _stale.Remove(sessionId);
            _index.RemoveSession(sessionId);
            return 0;
        }

        var plan = IndexCatchUp.Plan(_index.HighWaterMark(sessionId), count);
        if (plan.Action == CatchUpAction.Reindex)
        {
            SearchLog.IndexAheadOfLog(_logger, _userId, sessionId, _index.HighWaterMark(sessionId), count);
            await _readers.BeforeChangeAsync();
            _index.RemoveSession(sessionId);
        }

        long read = 0;
        var after = plan.FromSeq - 1;
        while (after < count)
        {
            var page = await session.GetMessagesAsync(new MessageQuery { AfterSeq = after, Limit = CatchUpPageSize });
            if (page.Count == 0)
            {
                break;
            }

            await _readers.BeforeChangeAsync();
            foreach (var message in page)
            {
                _index.AddText(sessionId, message);
                if (_index.Vectors is { } vectors && message.Seq > vectors.HighWaterMark(sessionId))
                {
                    _toEmbed.Add((sessionId, message));
                }
            }

            read += page.Count;
            after = page[^1].Seq;
        }

        if (withContext && await session.GetContextAsync() is { } context)
        {
            await _readers.BeforeChangeAsync();
            _index.SetSessionEntities(sessionId, Entities(context));
        }

        _stale.Remove(sessionId);
        if (read > 0)
        {
            MarkDirty();
        }

        return read;
    }

    /// <summary>
    /// Embeds waiting messages in batches; on failure they wait for the next search or flush (full-text search still
    /// works). Searches go on while the embedder works; only adding the vectors waits for them.
    /// </summary>
    private async Task EmbedPendingAsync()
    {
        while (_toEmbed.Count > 0)
        {
            var batch = _toEmbed.Take(EmbeddingBatchSize).ToList();
            IReadOnlyList<(string SessionId, long Seq, ReadOnlyMemory<float> Vector)> embedded;
            try
            {
                embedded = await _index.EmbedMissingAsync(batch);
            }
            catch (Exception e) when (e is not (OutOfMemoryException or ValidationError))
            {
                SearchLog.EmbeddingFailed(_logger, e, _userId, batch.Count);
                return;
            }

            await _readers.BeforeChangeAsync();
            _index.AddVectors(embedded);
            RemoveEmbedded(batch);
            MarkDirty();
        }
    }

    /// <summary>
    /// Takes a batch off the front of the waiting list. Interleaved notifications meanwhile only appended entries or
    /// removed some (a session deleted or changed), so what is left of the batch is still the list's front.
    /// </summary>
    private void RemoveEmbedded(List<(string SessionId, ChatMessage Message)> batch)
    {
        var taken = batch.Select(m => m.Message).ToHashSet(ReferenceEqualityComparer.Instance);
        var front = 0;
        while (front < _toEmbed.Count && taken.Contains(_toEmbed[front].Message))
        {
            front++;
        }

        _toEmbed.RemoveRange(0, front);
    }
}
