using System.Diagnostics;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Keys;

namespace ChatDb.Benchmarks.Scenarios.Agents;

/// <summary>
/// Milliseconds a panel run costs per turn beyond the model call, with 5 agents on the offline model (which answers at
/// once): the speaker chosen, the agent's definition and the panel's newest messages read through grain calls, the
/// prompt built, the answer appended to the panel (durably: the turn's one wait for stable storage) and the trace
/// appended; the run's start and end (the record written, the input appended) are shared among its turns. Round-robin
/// runs of 5 turns one after another through the in-process grain factory, untimed for the warm-up time first; each
/// run's time minus the <c>durationMs</c> of its <c>model_called</c> events, divided by its turns; the 50th percentile.
/// No SQLite peer: the goal is on ChatDb's own figure (p50 at most 2 ms; seed 000's 10 ms module overhead is the ceiling).
/// </summary>
/// <param name="name">The scenario's name.</param>
/// <param name="durability">Fsync (the product default) or OsBuffered, which leaves out the waits for stable storage.</param>
public sealed class OrchestrationTurnOverheadScenario(string name, Durability durability) : IScenario
{
    private const int Agents = 5;

    public string Name => name;

    public string Unit => "ms p50";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(2.0, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var runs = context.Scale(quick: 20, full: 200);
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(name), durability);
        const string userId = "panel_runner";
        var members = new List<PanelAgent>();
        for (var i = 0; i < Agents; i++)
        {
            var agentId = $"speaker{i}";
            await silo.Grains.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, agentId))
                .SaveAsync(new AgentDefinition { Instructions = $"You are speaker {i}.", Description = $"speaker {i} of the panel" });
            members.Add(new PanelAgent(userId, agentId));
        }

        var panel = await silo.Grains.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelWithAgentsAsync("benchmark", null, members, null);
        var perTurn = new List<double>(runs);

        // Untimed for the warm-up time first, as the other latency scenarios: the tiered JIT has then promoted the turn's path.
        var warmUps = 0;
        await Measure.WarmUpAsync(context.WarmUp, () => RunPanelAsync(silo, panel.Id, $"Warm-up {warmUps++}: where do we meet?"));
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var grain = silo.Grains.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panel.Id, ChatGrainKeys.NewRunId()));
            var watch = Stopwatch.StartNew();
            var run = await grain.RunAsync(Request($"Round {i}: where do we meet?"));
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (run.Turns.Count != Agents)
            {
                throw new InvalidOperationException($"run {run.Id} took {run.Turns.Count} turns ({run.Status}: {run.Error}); the benchmark expects {Agents}.");
            }

            var model = (await grain.GetTraceAsync()).Where(e => e.Kind == PanelTraceKinds.ModelCalled).Sum(e => e.DurationMs ?? 0);
            perTurn.Add((elapsed - model) / run.Turns.Count);
        }

        var sorted = perTurn.Order().ToArray();
        return new ScenarioResult(sorted[sorted.Length / 2]);
    }

    private static PanelRunRequest Request(string input) => new() { Input = input, Strategy = PanelStrategies.RoundRobin, MaxTurns = Agents };

    private static Task RunPanelAsync(ChatDbSilo silo, string panelId, string input) =>
        silo.Grains.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panelId, ChatGrainKeys.NewRunId())).RunAsync(Request(input));
}
