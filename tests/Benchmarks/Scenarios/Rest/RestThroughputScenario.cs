using ChatDb.Benchmarks.Engines;
using ChatDb.Benchmarks.Engines.Peers;

namespace ChatDb.Benchmarks.Scenarios.Rest;

/// <summary>
/// Requests per second through a REST door at 64 keep-alive loopback connections, each connection one caller sending
/// its next request when the last is answered. ChatDb: the silo executable of the REST rows (<see cref="RestFixture"/>,
/// Fsync). Each relational peer: the same routes and bodies served by <see cref="PeerRestServer"/>, a minimal ASP.NET
/// Core app over a pool of 64 durable connections. Appends: each connection on a session of its own, one message per
/// request, acknowledged when durable. Pages: the last 100 of 8 sessions of 10,000 messages (quick: 1,000) written by
/// batches, connections spread over them. Rounds alternate between the engines; medians.
/// </summary>
public sealed class RestThroughputScenario(string name, bool append, RestFixture fixture) : IScenario
{
    private const int Connections = 64;
    private const int PageSessions = 8;
    private const int Page = 100;

    public string Name => name;

    public string Unit => append ? "msgs/s" : "pages/s";

    public bool HigherIsBetter => true;

    public ScenarioGoal Goal => new(1.0);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await fixture.EnsureAsync(context, cancellationToken);
        var peers = await context.Peers.GetAsync(cancellationToken);
        using var chatdb = fixture.Connections(Connections);
        var doors = new List<(HttpClient Http, Func<string, string, Task<string>> CreateSession, IAsyncDisposable? Server)>
        {
            (chatdb, (user, session) => fixture.CreateSessionAsync(user, "Benchmark chat", cancellationToken), null),
        };
        try
        {
            foreach (var peer in peers.Available)
            {
                var database = await peer.CreateDatabaseAsync(context, Name, cancellationToken);
                var server = await PeerRestServer.StartAsync(database, Connections, cancellationToken);
                var http = JsonRequest.Client(server.Address, Connections);
                doors.Add((http, async (user, session) =>
                {
                    await JsonRequest.SendAsync(http, HttpMethod.Post, $"/users/{user}/sessions/{session}", body: null, cancellationToken);
                    return session;
                }, new PeerDoor(server, database, http)));
            }

            var runs = new List<Func<TimeSpan, Task<double>>>();
            foreach (var door in doors)
            {
                runs.Add(append
                    ? await PrepareAppendsAsync(door.Http, door.CreateSession)
                    : await PreparePagesAsync(context, door.Http, door.CreateSession, cancellationToken));
            }

            foreach (var run in runs)
            {
                await run(context.WarmUp);
            }

            var figures = await Measure.AlternateAsync(context.Rounds, [.. runs.Select(run => (Func<Task<double>>)(() => run(context.Duration)))]);
            return peers.Result(figures);
        }
        finally
        {
            foreach (var door in doors.Where(d => d.Server is not null))
            {
                await door.Server!.DisposeAsync();
            }
        }
    }

    private static async Task<Func<TimeSpan, Task<double>>> PrepareAppendsAsync(HttpClient http, Func<string, string, Task<string>> createSession)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var paths = new string[Connections];
        for (var c = 0; c < Connections; c++)
        {
            var user = $"rest_appender_{run}_{c}";
            paths[c] = $"/users/{user}/sessions/{await createSession(user, $"session_{c}")}/messages";
        }

        return duration => Measure.ThroughputAsync(duration, Connections, async (connection, stop) =>
        {
            var appended = 0L;
            while (!stop.IsCancellationRequested)
            {
                var message = new { role = appended % 2 == 0 ? "user" : "assistant", content = MessagePayload.Content((int)appended) };
                await JsonRequest.SendAsync(http, HttpMethod.Post, paths[connection], message, CancellationToken.None);
                appended++;
            }

            return appended;
        });
    }

    private static async Task<Func<TimeSpan, Task<double>>> PreparePagesAsync(
        BenchmarkContext context, HttpClient http, Func<string, string, Task<string>> createSession, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var count = context.Scale(1_000, 10_000);
        var paths = new string[PageSessions];
        for (var s = 0; s < PageSessions; s++)
        {
            var user = $"rest_pager_{run}_{s}";
            var session = await createSession(user, $"session_{s}");
            for (var first = 0; first < count; first += Page)
            {
                var batch = Enumerable.Range(first, Page).Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = MessagePayload.Content(i) }).ToArray();
                await JsonRequest.SendAsync(http, HttpMethod.Post, $"/users/{user}/sessions/{session}/messages/batch", new { messages = batch }, cancellationToken);
            }

            paths[s] = $"/users/{user}/sessions/{session}/messages?limit={Page}&offset={count - Page}";
        }

        return duration => Measure.ThroughputAsync(duration, Connections, async (connection, stop) =>
        {
            var pages = 0L;
            while (!stop.IsCancellationRequested)
            {
                await JsonRequest.SendAsync(http, HttpMethod.Get, paths[connection % PageSessions], body: null, CancellationToken.None);
                pages++;
            }

            return pages;
        });
    }

    /// <summary>A peer's app, its database and the client to it, disposed together.</summary>
    private sealed class PeerDoor(PeerRestServer server, IPeerDatabase database, HttpClient http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await server.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
