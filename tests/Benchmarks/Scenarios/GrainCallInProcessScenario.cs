using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: microseconds per grain call from inside the silo's process (the <see cref="Orleans.IGrainFactory"/>
/// the REST API uses), one caller, the read-only <see cref="ISessionGrain.CountMessagesAsync"/> on an active
/// session, so the figure is Orleans' call path (the message, the activation's scheduler, the response;
/// the <c>[Immutable]</c> records are not copied) with no storage and no network: what every REST request
/// pays at least once.
/// </summary>
public sealed class GrainCallInProcessScenario : IScenario
{
    public string Name => "grain_call_inprocess";

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(15, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.OsBuffered);
        var keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "caller", 1);
        var session = silo.Grains.GetGrain<ISessionGrain>(keys[0]);
        var iterations = context.Scale(2_000, 20_000);

        await Measure.WarmUpAsync(context.WarmUp, async () => await session.CountMessagesAsync());
        var rounds = new List<double>();
        for (var round = 0; round < context.Rounds; round++)
        {
            rounds.Add(await Measure.MedianMicrosecondsAsync(iterations, async () => await session.CountMessagesAsync(), warmup: 0));
        }

        return new ScenarioResult(Measure.Median(rounds));
    }
}
