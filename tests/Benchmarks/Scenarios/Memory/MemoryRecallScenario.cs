using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Keys;

namespace ChatDb.Benchmarks.Scenarios.Memory;

/// <summary>
/// Top-10 recall (<see cref="IMemoryGrain.RecallAsync"/>: BM25 and cosine with the offline hashing embedder, fused and
/// weighted) over the memories of one user: 10,000 of them (2,000 in quick mode), added by batches of proposals, through
/// the in-process grain factory; median of repeated calls over a few different queries, in milliseconds. No SQLite peer:
/// the goal is on ChatDb's own figure (docs/MEMORY.md).
/// </summary>
public sealed class MemoryRecallScenario : IScenario
{
    private const int Batch = 500;

    private static readonly string[] Topics = ["tea", "hiking", "jazz", "chess", "sailing", "pottery", "cycling", "opera", "sushi", "gardening", "astronomy", "tennis"];

    private static readonly string[] Places = ["Lisbon", "Porto", "Madrid", "Oslo", "Kyoto", "Lima", "Nairobi", "Quebec", "Hanoi", "Dublin", "Perth"];

    private static readonly string[] Queries = ["what does the user like about jazz", "trips to Kyoto", "sailing in Dublin", "favourite tea"];

    public string Name => "memory_recall_10k";

    public string Unit => "ms";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(5.0, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var count = context.Scale(quick: 2_000, full: 10_000);
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.Fsync);
        var memories = silo.Grains.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory("memory-bench"));
        for (var first = 0; first < count; first += Batch)
        {
            await memories.ApplyAsync([.. Enumerable.Range(first, Math.Min(Batch, count - first)).Select(Proposal)], MemorySource.None, null);
        }

        var stored = await memories.ListAsync(new MemoryQuery { Offset = count - 1, Limit = 1 });
        var probe = await memories.RecallAsync(new MemoryRecallQuery { Query = Queries[0], K = 10 });
        if (stored.Count != 1 || probe.Count != 10)
        {
            return ScenarioResult.NotAvailable($"the user holds {stored.Count} memories at position {count} and a recall found {probe.Count} of 10");
        }

        var next = 0;
        var micros = await Measure.MedianMicrosecondsAsync(context.Scale(quick: 50, full: 200),
            () => memories.RecallAsync(new MemoryRecallQuery { Query = Queries[next++ % Queries.Length], K = 10 }));
        return new ScenarioResult(micros / 1000.0);
    }

    private static MemoryProposal Proposal(int i) =>
        new(MemoryProposalOps.Add, Text: $"User enjoys {Topics[i % Topics.Length]} near {Places[i / Topics.Length % Places.Length]}, note {i}", Importance: i % 10 / 10.0);
}
