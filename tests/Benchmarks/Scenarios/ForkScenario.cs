using System.Diagnostics;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Keys;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Median milliseconds to fork a session of 10,000 messages (200-character contents) at its last message,
/// durably (Fsync): <see cref="ISessionGrain.ForkAsync"/> reads the messages, has the user grain create the
/// fork, records it in the origin and writes the copy as one group commit. No SQLite peer: the goal is on
/// ChatDb's own figure (at most 50 ms).
/// </summary>
public sealed class ForkScenario : IScenario
{
    private const int Messages = 10_000;
    private const int AddBatch = 500;

    public string Name => "fork_10k";

    public string Unit => "ms";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(50, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.Fsync);
        var session = await silo.Grains.GetGrain<IUserGrain>("forker").CreateSessionAsync("origin", null);
        var origin = silo.Grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(session.UserId, session.Id));
        var pending = new List<Task>(AddBatch);
        for (var i = 1; i <= Messages; i++)
        {
            // Concurrent adds to one session queue on its activation; the log commits them in groups.
            pending.Add(origin.AddMessageAsync(new NewMessage { Role = i % 2 == 0 ? "user" : "assistant", Content = MessagePayload.Content(i) }));
            if (pending.Count == AddBatch)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        var rounds = context.Scale(5, 15);
        var timings = new List<double>(rounds);
        for (var round = 0; round <= rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            await origin.ForkAsync(new ForkRequest());
            if (round > 0)
            {
                // The first fork warms the call path and the origin's log; it is not counted.
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return new ScenarioResult(Measure.Median(timings));
    }
}
