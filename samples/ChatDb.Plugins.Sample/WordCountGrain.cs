using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Plugins.Sample;

/// <summary>
/// Runs <see cref="WordCounter"/> inside the silo: a grain class from a plugin assembly, found by Orleans like the silo's
/// own. It keeps no state, so it stores nothing under the data directory.
/// </summary>
[StatelessWorker]
[GrainType("sample.word_count")]
internal sealed class WordCountGrain(WordCounter counter) : Grain, IWordCountGrain
{
    public Task<WordCount> CountAsync(string userId, string sessionId) => counter.CountAsync(userId, sessionId);
}
