using System.Collections.Concurrent;
using System.Diagnostics;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains.Bus;
using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Benchmarks.Scenarios.Bus;

/// <summary>
/// ChatDb only: what one module pays to tell another something over the bus (docs/BUS.md), in one
/// silo on the memory streams the silo executable uses. <c>bus_publish_us</c>: the median time of
/// <see cref="IChatBus.PublishAsync"/> (the filters, then the stream's queue), which is what a publishing grain waits
/// for; goal p50 under 1 ms. <c>bus_delivery_us</c>: the median time from publishing to the subscriber holding the
/// event, one event at a time, each published at a random moment of the stream's pulling period (10 ms,
/// <see cref="ChatGrainsSiloBuilderExtensions.EventPullingPeriod"/>), so it waits about half a period for the next poll on
/// average, as an event that arrives unannounced does; the seed's goal for module communication is under 10 ms.
/// </summary>
public sealed class BusOverheadScenario(string name, bool delivery) : IScenario
{
    private const string Topic = "bench-events";

    public string Name => name;

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(delivery ? 10_000 : 1_000, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.OsBuffered, configure: builder => builder
            .AddChatEventMemoryStreams()
            .AddChatEventStreams()
            .AddChatBus(options => options.Topics.Add(Topic)));
        var bus = silo.Services.GetRequiredService<IChatBus>();
        var arrivals = new ConcurrentDictionary<string, TaskCompletionSource>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscriber = Task.Run(async () =>
        {
            await foreach (var arrived in bus.SubscribeAsync<ContextSnapshotSaved>(Topic, "k", after: null, stop.Token))
            {
                if (arrivals.TryRemove(arrived.SnapshotId, out var arrival))
                {
                    arrival.TrySetResult();
                }
            }
        }, CancellationToken.None);

        var next = 0;
        async Task<Task> PublishNextAsync()
        {
            var id = (next++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrivals[id] = arrival;
            await bus.PublishAsync(Topic, "k", new ContextSnapshotSaved("bench", "bench", DateTimeOffset.UnixEpoch, id));
            return arrival.Task;
        }

        // The subscription is in place once a published event arrives.
        var ready = Stopwatch.StartNew();
        while (true)
        {
            var arrival = await PublishNextAsync();
            if (await Task.WhenAny(arrival, Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken)) == arrival)
            {
                break;
            }

            if (ready.Elapsed > TimeSpan.FromSeconds(30))
            {
                await stop.CancelAsync();
                return ScenarioResult.NotAvailable("the bus subscription received nothing within 30 s");
            }
        }

        // Events reach the bus at any moment, not just after the stream's poll delivered the previous one: each delivery is
        // published after a random pause within one pulling period (outside the timed part), so the wait for the next poll
        // is as long as it is for an event that arrives unannounced. Published back to back, every event would wait for
        // almost a whole period (docs/BUS.md gives both).
        var random = new Random(17);
        var period = ChatGrainsSiloBuilderExtensions.EventPullingPeriod;
        var figure = delivery
            ? await Measure.MedianMicrosecondsAsync(context.Scale(200, 1_000),
                async () => await (await PublishNextAsync()).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken),
                before: () => Task.Delay(TimeSpan.FromTicks(random.NextInt64(period.Ticks)), cancellationToken))
            : await Measure.MedianMicrosecondsAsync(context.Scale(2_000, 20_000), PublishNextAsync);
        await stop.CancelAsync();
        await subscriber.ContinueWith(_ => { }, TaskScheduler.Default);
        return new ScenarioResult(figure);
    }
}
