namespace ChatDb.Grains.Search;

/// <summary>
/// Messages that changed in place (edits, deletions, redactions) or arrived all at once (a fork): the session
/// is re-read from its log, which returns current versions and skips deleted seqs, before the next search.
/// </summary>
public sealed partial class SearchGrain
{
    public async Task OnMessagesChangedAsync(string sessionId, bool erase)
    {
        await _readers.BeforeChangeAsync();
        _toEmbed.RemoveAll(m => m.SessionId == sessionId);
        _index.RemoveSession(sessionId);
        _stale.Add(sessionId);
        if (!erase)
        {
            MarkDirty();
            return;
        }

        // The segment files hold message text: write them now without the session (a flush compacts first).
        _dirty = true;
        await FlushAsync();
    }
}
