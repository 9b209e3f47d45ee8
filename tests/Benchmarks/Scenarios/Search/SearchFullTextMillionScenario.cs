using System.Diagnostics;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// <see cref="SearchFullTextScenario"/> at ten times the size: the top-20 full-text query over 1,000,000 messages in
/// 10,000 sessions of one user (quick mode 20,000 in 200), the same corpus generator, query set and peers. The corpus
/// is written through the session grains of a silo of its own (<see cref="SearchGrainFixture"/>, OsBuffered, batches of
/// 100) and fully indexed before timing; the peers load it in one transaction (SQLite) and one binary COPY
/// (PostgreSQL). Everything is built for this row alone and released after it, so the million messages do not stay
/// in memory for the rows that follow. One warm-up pass over the query set, then the median over the timed passes.
/// The load times and the process's memory after the load are printed, not reported.
/// </summary>
public sealed class SearchFullTextMillionScenario : IScenario
{
    private const int MessagesPerSession = 100;

    public string Name => "search_fulltext_1m_messages";

    public string Unit => "ms median";

    public bool HigherIsBetter => false;

    /// <summary>At least as fast as both peers, and within the 20 ms the median of the 100,000-message rows is held to.</summary>
    public ScenarioGoal Goal => new(1.0, ChatDbAtMost: 20, BothPeers: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var corpus = SearchCorpus.Generate(context.Scale(200, 10_000), MessagesPerSession);
        await using var grains = new SearchGrainFixture();
        await grains.EnsureAsync(context, corpus, cancellationToken);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        Console.WriteLine(
            $"  {Name}: {corpus.Messages.Count:N0} messages loaded into ChatDb in {grains.LoadTime.TotalSeconds:F1} s; " +
            $"managed heap {GC.GetTotalMemory(false) / (1 << 20):N0} MiB, working set {process.WorkingSet64 / (1 << 20):N0} MiB (corpus included)");

        var (peers, fullText) = await SearchFixture.BuildPeersAsync(context, corpus, cancellationToken);
        try
        {
            Console.WriteLine($"  {Name}: peers loaded: {string.Join(", ", fullText.Select(peer => $"{peer.GetType().Name} {peer.Indexing.TotalSeconds:F1} s"))}");
            var figures = await SearchFullTextScenario.MeasureAsync(grains.Grain, corpus.Queries, fullText, context.Quick ? 2 : 4, cancellationToken);
            return peers.Result([.. figures.Select(Median)]);
        }
        finally
        {
            foreach (var peer in fullText)
            {
                await peer.DisposeAsync();
            }
        }
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
