using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// "The newest messages that fit in 8,000 tokens" (<c>GET .../messages?fitTokens=8000</c>) of a session of
/// 10,000 messages (1,000 in quick mode), through the in-process grain factory; median of repeated calls
/// in milliseconds. The session is filled by batches and read once before timing, so the figure is the
/// steady state: the token ledger is built and the answer comes from one read of the page it returns.
/// No SQLite peer: the goal is on ChatDb's own figure.
/// </summary>
public sealed class TokensFitWindowScenario : IScenario
{
    private const int Budget = 8_000;

    public string Name => "tokens_fit_window";

    public string Unit => "ms";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(5.0, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var messages = context.Scale(quick: 1_000, full: 10_000);
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.Fsync);
        var key = (await ChatFixtures.CreateSessionsAsync(silo.Grains, "tokens", 1))[0];
        var session = silo.Grains.GetGrain<ISessionGrain>(key);
        for (var first = 0; first < messages; first += BatchAppendScenario.BatchSize)
        {
            await session.AddMessagesAsync([.. Enumerable.Range(first, BatchAppendScenario.BatchSize).Select(ChatFixtures.Message)]);
        }

        var query = new MessageQuery { FitTokens = Budget };
        var window = await session.GetMessagesAsync(query);
        if (window.Count == 0 || window.Sum(m => m.Tokens ?? 0) > Budget || window[^1].Seq != messages)
        {
            return ScenarioResult.NotAvailable($"the window of {window.Count} messages is not the newest that fit in {Budget} tokens");
        }

        var micros = await Measure.MedianMicrosecondsAsync(context.Scale(quick: 50, full: 200), () => session.GetMessagesAsync(query));
        return new ScenarioResult(micros / 1000.0);
    }
}
