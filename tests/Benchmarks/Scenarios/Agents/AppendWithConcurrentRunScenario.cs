using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Keys;
using Orleans;

namespace ChatDb.Benchmarks.Scenarios.Agents;

/// <summary>
/// Whether agent runs slow a user's other chats: one writer appends to a session (Fsync, one message per call) while,
/// in alternate rounds, two loops run the user's agent back to back on another session of the same user
/// (<see cref="AgentRunBench.ToolInput"/>: a tool round, four appends and the trace per run). The figure is the
/// ratio of the append throughput with the runs to the throughput without them (medians of the rounds); 1.0 means
/// the runs cost the writer nothing. No SQLite peer; the goal (at least 0.8) is on the ratio.
/// </summary>
public sealed class AppendWithConcurrentRunScenario : IScenario
{
    private const string UserId = "agent_neighbour";
    private const int RunLoopCount = 2;

    private long _runs;

    public string Name => "append_with_concurrent_run";

    public string Unit => "ratio";

    public bool HigherIsBetter => true;

    public ScenarioGoal Goal => new(0.8);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.Fsync);
        var user = silo.Grains.GetGrain<IUserGrain>(UserId);
        var chat = await user.CreateSessionAsync("appended to", null);
        var agentSession = await user.CreateSessionAsync("agent runs", null);
        var session = silo.Grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(UserId, chat.Id));
        await AgentRunBench.SaveAgentAsync(silo.Grains, UserId);

        await AppendAsync(session, context.WarmUp, RunLoops(silo.Grains, agentSession.Id));
        Interlocked.Exchange(ref _runs, 0);
        var (with, without) = await Measure.AlternateAsync(
            context.Rounds,
            () => AppendAsync(session, context.Duration, RunLoops(silo.Grains, agentSession.Id)),
            () => AppendAsync(session, context.Duration, withRuns: null));
        return Interlocked.Read(ref _runs) == 0
            ? ScenarioResult.NotAvailable("no agent run completed during the rounds with runs")
            : new ScenarioResult(with / without);
    }

    /// <summary>Appends for <paramref name="duration"/>; with <paramref name="withRuns"/>, the run loops go on meanwhile.</summary>
    private static async Task<double> AppendAsync(ISessionGrain session, TimeSpan duration, Func<CancellationToken, Task>? withRuns)
    {
        using var stop = new CancellationTokenSource();
        var background = withRuns is null ? Task.CompletedTask : withRuns(stop.Token);
        try
        {
            return await Measure.ThroughputAsync(duration, 1, async (_, end) =>
            {
                var appended = 0L;
                while (!end.IsCancellationRequested)
                {
                    await session.AddMessageAsync(ChatFixtures.Message((int)appended++));
                }

                return appended;
            });
        }
        finally
        {
            await stop.CancelAsync();
            await background;
        }
    }

    private Func<CancellationToken, Task> RunLoops(IGrainFactory grains, string sessionId) => stop =>
        Task.WhenAll(Enumerable.Range(0, RunLoopCount).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await AgentRunBench.RunAsync(grains, UserId, sessionId);
                Interlocked.Increment(ref _runs);
            }
        })));
}
