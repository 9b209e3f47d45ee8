using System.Diagnostics;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios.Agents;

/// <summary>
/// Measures agent runs once for the p50 and p99 scenarios: a silo (of the given durability) with a session of
/// 10,000 messages (1,000 in quick mode), runs of <see cref="AgentRunBench.ToolInput"/> one after another through the
/// in-process grain factory, untimed for the warm-up time (<see cref="BenchmarkContext.WarmUp"/>, as the other latency
/// scenarios: the tiered JIT has then promoted the run's path, as in a silo that has served runs for a while), then each
/// timed around <see cref="IAgentRunGrain.RunAsync"/>; its overhead is that time minus the model's own time, the sum of
/// the <c>durationMs</c> of its trace's <c>model_called</c> events.
/// </summary>
public sealed class AgentRunOverheadFixture(Durability durability)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (bool Quick, IReadOnlyList<double> Overheads)? _measured;

    /// <summary>Milliseconds of overhead of each timed run, in run order.</summary>
    public async Task<IReadOnlyList<double>> GetAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_measured is not { } measured || measured.Quick != context.Quick)
            {
                measured = (context.Quick, await MeasureAsync(context, cancellationToken));
                _measured = measured;
            }

            return measured.Overheads;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<double>> MeasureAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var messages = context.Scale(quick: 1_000, full: 10_000);
        var runs = context.Scale(quick: 30, full: 300);
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory("agent_run_overhead"), durability);
        const string userId = "agent_runner";
        var created = await silo.Grains.GetGrain<IUserGrain>(userId).CreateSessionAsync("Agent run benchmark", null);
        var session = silo.Grains.GetGrain<ISessionGrain>(Storage.Keys.ChatGrainKeys.Session(userId, created.Id));
        for (var first = 0; first < messages; first += BatchAppendScenario.BatchSize)
        {
            await session.AddMessagesAsync([.. Enumerable.Range(first, Math.Min(BatchAppendScenario.BatchSize, messages - first)).Select(ChatFixtures.Message)]);
        }

        await AgentRunBench.SaveAgentAsync(silo.Grains, userId);
        await Measure.WarmUpAsync(context.WarmUp, () => AgentRunBench.RunAsync(silo.Grains, userId, created.Id));
        var overheads = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var (run, grain) = await AgentRunBench.RunAsync(silo.Grains, userId, created.Id);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            var trace = await grain.GetTraceAsync();
            var modelCalls = trace.Where(e => e.Kind == AgentTraceKinds.ModelCalled).ToList();
            if (modelCalls.Count != 2 || run.ToolCalls.Count != 1)
            {
                throw new InvalidOperationException($"run {run.Id} made {modelCalls.Count} model calls and {run.ToolCalls.Count} tool calls; the benchmark expects 2 and 1.");
            }

            overheads.Add(elapsed - modelCalls.Sum(e => e.DurationMs ?? 0));
        }

        return overheads;
    }
}
