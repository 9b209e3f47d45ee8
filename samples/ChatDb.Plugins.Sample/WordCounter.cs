using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Orleans;

namespace ChatDb.Plugins.Sample;

/// <summary>Reads a session's messages page by page through its grain and counts their words (runs of non-white-space).</summary>
public sealed class WordCounter(IGrainFactory grains)
{
    private const int PageSize = 200;

    // Called from the plugin's grain: no ConfigureAwait(false), the calls stay on the grain's scheduler.
    public async Task<WordCount> CountAsync(string userId, string sessionId)
    {
        var session = grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, sessionId));
        long messages = 0, words = 0;
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await session.GetMessagesAsync(new MessageQuery { Offset = offset, Limit = PageSize });
            messages += page.Count;
            words += page.Sum(m => (long)m.Content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
            if (page.Count < PageSize)
            {
                return new WordCount(userId, sessionId, messages, words);
            }
        }
    }
}
