using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Storage;

namespace ChatDb.Grains.Panels;

/// <summary>
/// Search over one panel's messages: an in-memory index derived from the log, never stored, with the same
/// settings as user search (<c>Search:MinWordLength</c>, <c>Search:DefaultLimit</c>).
/// </summary>
public sealed partial class PanelGrain
{
    private const int CatchUpPage = 1000;

    private FullTextIndex? _searchIndex;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int? limit)
    {
        RequirePanel();
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ValidationError($"search of {Subject}: the query is empty.");
        }

        var index = _searchIndex ??= new FullTextIndex(_search.Tokenizer);

        // The log is the truth: index whatever it holds beyond what the index covers.
        var covered = index.HighWaterMark(_panelId);
        while (covered < _messages.Count)
        {
            var page = await _messages.QueryAsync(new MessageQuery { AfterSeq = covered, Limit = CatchUpPage }, CatchUpPage, "messages of " + Subject);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var message in page)
            {
                index.Add(_panelId, message);
            }

            covered = page[^1].Seq;
        }

        return index.Search(query, limit: Math.Clamp(limit ?? _search.DefaultLimit, 1, FullTextIndex.MaxLimit));
    }
}
