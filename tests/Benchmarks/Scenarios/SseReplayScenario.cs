using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Keys;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Median milliseconds for a client that reconnects with <c>Last-Event-ID: 0</c> to a session of 10,000 messages
/// (10,001 events or a few more, 200-character contents) to catch up: the event log read in pages of 1,000 through
/// <see cref="ISessionGrain.ReadEventsAsync"/> (each message event rebuilt from the message log), every event framed
/// as the SSE writer frames it (<c>id:</c> line, one <c>data:</c> line of JSON) into memory. The HTTP transfer of the
/// ~3.5 MB is not in the figure. No SQLite peer: the goal is on ChatDb's own figure (under 500 ms).
/// </summary>
public sealed class SseReplayScenario : IScenario
{
    private const int Messages = 10_000;
    private const int AddBatch = 500;
    private const int PageSize = 1000;

    public string Name => "sse_replay_10k";

    public string Unit => "ms";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(500, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.Fsync);
        var session = await silo.Grains.GetGrain<IUserGrain>("replayer").CreateSessionAsync("events", null);
        var grain = silo.Grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(session.UserId, session.Id));
        var pending = new List<Task>(AddBatch);
        for (var i = 1; i <= Messages; i++)
        {
            pending.Add(grain.AddMessageAsync(new NewMessage { Role = i % 2 == 0 ? "user" : "assistant", Content = MessagePayload.Content(i) }));
            if (pending.Count == AddBatch)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        var rounds = context.Scale(3, 9);
        var timings = new List<double>(rounds);
        using var output = new MemoryStream();
        for (var round = 0; round <= rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.SetLength(0);
            var watch = Stopwatch.StartNew();
            var (sent, logged, added) = await ReplayAsync(grain, output, cancellationToken);
            watch.Stop();

            // The log holds the session's creation, the 10,000 adds and whatever else the session did meanwhile (a rolling
            // summary saves its context, say): the replay must send every logged event, the adds among them.
            if (sent != logged || added != Messages)
            {
                throw new InvalidOperationException($"the replay of session {session.Id} sent {sent} of {logged} logged events, {added} of them message_added; expected all, {Messages} of them message_added.");
            }

            if (round > 0)
            {
                // The first round warms the call path and the logs' indexes; it is not counted.
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return new ScenarioResult(Measure.Median(timings));
    }

    private static async Task<(int Sent, long Logged, int Added)> ReplayAsync(ISessionGrain grain, Stream output, CancellationToken cancellationToken)
    {
        var (sent, added) = (0, 0);
        long after = 0;
        while (true)
        {
            var page = await grain.ReadEventsAsync(after, PageSize);
            foreach (var chatEvent in page.Events)
            {
                await output.WriteAsync(Encoding.ASCII.GetBytes("id: " + chatEvent.EventSeq.ToString(CultureInfo.InvariantCulture) + "\ndata: "), cancellationToken);
                await JsonSerializer.SerializeAsync(output, chatEvent, ChatDbJsonContext.Default.ChatEvent, cancellationToken);
                await output.WriteAsync("\n\n"u8.ToArray(), cancellationToken);
                sent++;
                added += chatEvent is MessageAdded ? 1 : 0;
            }

            if (page.Next >= page.LastEventSeq)
            {
                return (sent, page.LastEventSeq, added);
            }

            after = page.Next;
        }
    }
}
