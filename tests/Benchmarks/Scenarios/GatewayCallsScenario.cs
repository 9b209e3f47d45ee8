using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Serialization;
using ChatDb.Runtime.Client;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: grain calls per second from a client through the TCP gateway (loopback), 64 calls in
/// flight, spread over 16 sessions; the call is the read-only <see cref="ISessionGrain.CountMessagesAsync"/>
/// so the figure is the call path, not storage.
/// </summary>
public sealed class GatewayCallsScenario : IScenario
{
    private const int InFlight = 64;

    public string Name => "gateway_calls";

    public string Unit => "calls/s";

    public bool HigherIsBetter => true;

    public ScenarioGoal Goal => new(50_000);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.OsBuffered, gateway: true);
        var keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "caller", 16);
        await using var client = new ClientBuilder()
            .UseGateway(silo.GatewayEndPoint!.ToString())
            .AddGrainSerializerContext(ChatDbJsonContext.Default)
            .Build();
        await client.Connect(cancellationToken);
        var sessions = keys.Select(client.GetGrain<ISessionGrain>).ToArray();

        var rounds = new List<double>();
        for (var round = 0; round <= context.Rounds; round++)
        {
            // Round 0 is the warm-up: connections, buffers and the JIT settle.
            var rate = await Measure.ThroughputAsync(context.Duration, InFlight, async (caller, stop) =>
            {
                var calls = 0L;
                while (!stop.IsCancellationRequested)
                {
                    await sessions[caller % sessions.Length].CountMessagesAsync();
                    calls++;
                }

                return calls;
            });
            if (round > 0)
            {
                rounds.Add(rate);
            }
        }

        return new ScenarioResult(Measure.Median(rounds));
    }
}
