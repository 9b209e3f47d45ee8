namespace ChatDb.Grains.Search;

/// <summary>A session back from the trash: its log is read into the index before the next search, like a gap.</summary>
public sealed partial class SearchGrain
{
    public async Task OnSessionRestoredAsync(string sessionId)
    {
        await _readers.BeforeChangeAsync();
        _index.RemoveSession(sessionId);
        _stale.Add(sessionId);
        MarkDirty();
    }
}
