using Orleans;

namespace ChatDb.Plugins.Sample;

/// <summary>The plugin's grain: counts the words of a session. A stateless worker, so every call uses key 0.</summary>
[Alias("chatdb.sample.IWordCountGrain")]
public interface IWordCountGrain : IGrainWithIntegerKey
{
    [Alias("Count")]
    Task<WordCount> CountAsync(string userId, string sessionId);
}
