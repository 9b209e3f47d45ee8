using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: grain calls per second from an Orleans client (<c>UseOrleansClient(...).UseChatDb()</c>, a
/// host of its own) through the silo's TCP gateway on loopback, 64 calls in flight, spread over 16 sessions;
/// the call is the read-only <see cref="ISessionGrain.CountMessagesAsync"/> so the figure is the call path
/// (serialisation, both ends' messaging, the activation's turn), not storage.
/// </summary>
public sealed class GatewayCallsScenario : IScenario
{
    private const int InFlight = 64;

    public string Name => "gateway_calls";

    public string Unit => "calls/s";

    public bool HigherIsBetter => true;

    /// <summary>The floor set for the move onto Orleans (issue 12).</summary>
    public ScenarioGoal Goal => new(100_000);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.OsBuffered);
        var keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "caller", 16);
        await using var client = await ChatDbGatewayClient.ConnectAsync(silo.Endpoints, cancellationToken);
        var sessions = keys.Select(key => client.Grains.GetGrain<ISessionGrain>(key)).ToArray();

        Task<double> CallsPerSecondAsync(TimeSpan duration) => Measure.ThroughputAsync(duration, InFlight, async (caller, stop) =>
        {
            var calls = 0L;
            while (!stop.IsCancellationRequested)
            {
                await sessions[caller % sessions.Length].CountMessagesAsync();
                calls++;
            }

            return calls;
        });

        // Untimed: connections, buffers and the tiered JIT settle.
        await CallsPerSecondAsync(context.WarmUp);
        var rounds = new List<double>();
        for (var round = 0; round < context.Rounds; round++)
        {
            rounds.Add(await CallsPerSecondAsync(context.Duration));
        }

        return new ScenarioResult(Measure.Median(rounds));
    }
}
