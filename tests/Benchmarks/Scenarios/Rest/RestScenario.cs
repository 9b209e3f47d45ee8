using System.Diagnostics;
using ChatDb.Benchmarks.Scenarios.Search;

namespace ChatDb.Benchmarks.Scenarios.Rest;

/// <summary>
/// The 99th percentile in milliseconds of one REST request, sent one after another on one keep-alive loopback
/// connection to the silo executable (<see cref="RestFixture"/>), the response read to the end: what a client of the
/// REST door waits for, the HTTP server, JSON, the grain call and the storage included. ChatDb only; the goal is on
/// the p99. The operation is driven untimed for the warm-up time first.
/// </summary>
public sealed class RestScenario(string name, RestOperation operation, double goalMilliseconds, RestFixture fixture) : IScenario
{
    private const int Page = 100;
    private const int SessionsPerUser = 100;
    private const int MessagesPerSearchSession = 10;
    private const string Sentinel = "zzbenchsentinelzz";
    private const int UploadBytes = 10 * 1024 * 1024;

    public string Name => name;

    public string Unit => "ms p99";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(goalMilliseconds, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await fixture.EnsureAsync(context, cancellationToken);
        var request = await PrepareAsync(context, cancellationToken);
        await Measure.WarmUpAsync(context.WarmUp, request);
        // Each upload writes 10 MB (and its fsyncs): fewer of them keep the row's disk use and time near the others'.
        var count = operation == RestOperation.Upload10Mb ? context.Scale(40, 200) : context.Scale(300, 2_000);
        return new ScenarioResult(await Measure.P99MillisecondsAsync(count, request));
    }

    /// <summary>Makes the data the operation needs (untimed) and returns the request to time.</summary>
    private async Task<Func<Task>> PrepareAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // Users of this run's own, so a warm-up's sessions never count against a timed request's user.
        var run = Guid.NewGuid().ToString("N")[..8];
        switch (operation)
        {
            case RestOperation.SessionCreate:
            {
                var created = 0;
                return async () =>
                {
                    var user = $"rest_creator_{run}_{created / SessionsPerUser}";
                    (await fixture.SendAsync(HttpMethod.Post, $"/users/{user}/sessions", new { title = $"Benchmark chat {created++}" }, cancellationToken)).Dispose();
                };
            }

            case RestOperation.Append:
            {
                var user = $"rest_writer_{run}";
                var session = await fixture.CreateSessionAsync(user, "Benchmark chat", cancellationToken);
                var appended = 0;
                return async () =>
                {
                    var message = new { role = appended % 2 == 0 ? "user" : "assistant", content = MessagePayload.Content(appended) };
                    appended++;
                    (await fixture.SendAsync(HttpMethod.Post, $"/users/{user}/sessions/{session}/messages", message, cancellationToken)).Dispose();
                };
            }

            case RestOperation.Page:
            {
                var user = $"rest_reader_{run}";
                var session = await fixture.CreateSessionAsync(user, "Benchmark chat", cancellationToken);
                var count = context.Scale(1_000, 10_000);
                for (var first = 0; first < count; first += Page)
                {
                    var batch = Enumerable.Range(first, Page).Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = MessagePayload.Content(i) }).ToArray();
                    (await fixture.SendAsync(HttpMethod.Post, $"/users/{user}/sessions/{session}/messages/batch", new { messages = batch }, cancellationToken)).Dispose();
                }

                var path = $"/users/{user}/sessions/{session}/messages?limit={Page}&offset={count - Page}";
                return async () =>
                {
                    using var page = await fixture.SendAsync(HttpMethod.Get, path, null, cancellationToken);
                    if (page.RootElement.GetArrayLength() != Page)
                    {
                        throw new InvalidOperationException($"GET {path} returned {page.RootElement.GetArrayLength()} messages instead of {Page}.");
                    }
                };
            }

            case RestOperation.Upload10Mb:
            {
                var user = $"rest_uploader_{run}";
                var session = await fixture.CreateSessionAsync(user, "Benchmark chat", cancellationToken);
                var content = new byte[UploadBytes];
                new Random(42).NextBytes(content);
                var path = $"/users/{user}/sessions/{session}/documents/recording.mp3";
                return async () => (await fixture.SendAsync(HttpMethod.Put, path, content, "audio/mpeg", cancellationToken)).Dispose();
            }

            default:
                return await PrepareSearchAsync(context, run, cancellationToken);
        }
    }

    /// <summary>
    /// 1,000 sessions (quick: 100) of one user with 10 corpus messages each, written through the REST door, then
    /// waits until the user's search finds a word written last, so the timed queries search a complete index.
    /// </summary>
    private async Task<Func<Task>> PrepareSearchAsync(BenchmarkContext context, string run, CancellationToken cancellationToken)
    {
        var user = $"rest_searcher_{run}";
        var sessions = context.Scale(100, 1_000);
        var corpus = SearchCorpus.Generate(sessions, MessagesPerSearchSession);
        var last = string.Empty;
        foreach (var bySession in corpus.Messages.GroupBy(m => m.SessionId))
        {
            last = await fixture.CreateSessionAsync(user, "Benchmark chat", cancellationToken);
            var batch = bySession.Select(m => new { role = m.Message.Role, content = m.Message.Content }).ToArray();
            (await fixture.SendAsync(HttpMethod.Post, $"/users/{user}/sessions/{last}/messages/batch", new { messages = batch }, cancellationToken)).Dispose();
        }

        (await fixture.SendAsync(HttpMethod.Post, $"/users/{user}/sessions/{last}/messages", new { role = "user", content = Sentinel }, cancellationToken)).Dispose();
        var watch = Stopwatch.StartNew();
        while (!await FindsAsync(user, Sentinel, cancellationToken))
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"the search of {user} did not find the last message written ('{Sentinel}') within 5 minutes.");
            }

            await Task.Delay(200, cancellationToken);
        }

        var queries = corpus.Queries;
        var next = 0;
        return async () => (await fixture.SendAsync(HttpMethod.Get, SearchPath(user, queries[next++ % queries.Count]), null, cancellationToken)).Dispose();
    }

    private async Task<bool> FindsAsync(string user, string word, CancellationToken cancellationToken)
    {
        using var hits = await fixture.SendAsync(HttpMethod.Get, SearchPath(user, word), null, cancellationToken);
        return hits.RootElement.GetArrayLength() > 0;
    }

    private static string SearchPath(string user, string query) =>
        $"/users/{user}/search?q={Uri.EscapeDataString(query)}&mode=fulltext&limit=20";
}
