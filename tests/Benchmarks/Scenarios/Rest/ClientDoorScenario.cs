using ChatDb.Grains.Models;

namespace ChatDb.Benchmarks.Scenarios.Rest;

/// <summary>
/// The other door of the same silo executable as the REST rows (<see cref="RestFixture"/>): the 99th percentile in
/// milliseconds of one call through the product's Orleans client (<c>UseOrleansClient(...).UseChatDb()</c> and
/// <c>ChatDbClient</c>, a host of its own in the benchmark's process) over the silo's TCP gateway on loopback, calls
/// made one after another. Beside <c>rest_append</c> and <c>rest_page_100</c> it shows what HTTP and JSON add to the
/// grain call; the goals are the REST rows'.
/// </summary>
public sealed class ClientDoorScenario(string name, bool append, double goalMilliseconds, RestFixture fixture) : IScenario
{
    private const int Page = 100;

    public string Name => name;

    public string Unit => "ms p99";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(goalMilliseconds, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var client = await fixture.ClientAsync(context, cancellationToken);
        var user = $"client_{(append ? "writer" : "reader")}_{Guid.NewGuid().ToString("N")[..8]}";
        var session = (await client.CreateSessionAsync(user, "Benchmark chat", cancellationToken: cancellationToken)).Id;
        Func<Task> call;
        if (append)
        {
            var appended = 0;
            call = async () =>
            {
                var message = new NewMessage { Role = appended % 2 == 0 ? "user" : "assistant", Content = MessagePayload.Content(appended) };
                appended++;
                await client.AddMessageAsync(user, session, message, cancellationToken);
            };
        }
        else
        {
            var count = context.Scale(1_000, 10_000);
            for (var first = 0; first < count; first += Page)
            {
                var batch = Enumerable.Range(first, Page)
                    .Select(i => new NewMessage { Role = i % 2 == 0 ? "user" : "assistant", Content = MessagePayload.Content(i) }).ToList();
                await client.AddMessagesAsync(user, session, batch, cancellationToken);
            }

            call = async () =>
            {
                var page = await client.GetMessagesAsync(user, session, Page, count - Page, cancellationToken);
                if (page.Count != Page)
                {
                    throw new InvalidOperationException($"the page of {user}/{session} held {page.Count} messages instead of {Page}.");
                }
            };
        }

        await Measure.WarmUpAsync(context.WarmUp, call);
        return new ScenarioResult(await Measure.P99MillisecondsAsync(context.Scale(300, 2_000), call));
    }
}
