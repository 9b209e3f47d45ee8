using System.Text.Json;
using ChatDb.Benchmarks.Engines;
using ChatDb.Client;

namespace ChatDb.Benchmarks.Scenarios.Rest;

/// <summary>
/// The silo executable the REST and Orleans-client scenarios share, started once per run on a data directory of its
/// own (the product's defaults: Fsync durability), the requests they send through its one keep-alive connection, and
/// one Orleans client connected to its gateway (<see cref="ClientAsync"/>). Beside what a scenario times, the silo
/// holds <see cref="ActiveSessions"/> other sessions active (<see cref="EnsureAsync"/>).
/// </summary>
public sealed class RestFixture : IAsyncDisposable
{
    /// <summary>Sessions of other users kept active in the silo while a scenario runs: its grains are not alone there.</summary>
    public const int ActiveSessions = 1_000;

    private const int ActiveUsers = 10;
    private const int NeighbourConnections = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SiloExecutable? _silo;
    private ChatDbGatewayClient? _client;
    private List<string>? _activeSessionPaths;

    /// <summary>
    /// Starts the silo at the first call; at every call, makes sure <see cref="ActiveSessions"/> sessions are active in it:
    /// created (with one message each) the first time, read again later, so that their grains, collected only when idle,
    /// are in memory whatever the scenarios before took.
    /// </summary>
    public async Task<RestFixture> EnsureAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _silo ??= await SiloExecutable.StartAsync(context.NewDirectory("rest-silo"), cancellationToken);
            await KeepSessionsActiveAsync(cancellationToken);
            return this;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The product's client (<c>UseOrleansClient(...).UseChatDb()</c>) over the silo's gateway on loopback, connected once.</summary>
    public async Task<ChatDbClient> ClientAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await EnsureAsync(context, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _client ??= await ChatDbGatewayClient.ConnectAsync([_silo!.GatewayPort], _silo.ClusterId, cancellationToken);
            return new ChatDbClient(_client.Grains);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task KeepSessionsActiveAsync(CancellationToken cancellationToken)
    {
        using var http = Connections(NeighbourConnections);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = NeighbourConnections, CancellationToken = cancellationToken };
        if (_activeSessionPaths is { } paths)
        {
            await Parallel.ForEachAsync(paths, parallel, async (path, token) =>
                await JsonRequest.SendAsync(http, HttpMethod.Get, path + "/messages?limit=1", null, token));
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var created = new string[ActiveSessions];
        await Parallel.ForEachAsync(Enumerable.Range(0, ActiveSessions), parallel, async (i, token) =>
        {
            var user = $"rest_neighbour_{i % ActiveUsers}";
            using var session = JsonDocument.Parse(await JsonRequest.SendAsync(http, HttpMethod.Post, $"/users/{user}/sessions", new { title = $"Neighbour chat {i}" }, token));
            var path = $"/users/{user}/sessions/{session.RootElement.GetProperty("id").GetString()}";
            await JsonRequest.SendAsync(http, HttpMethod.Post, path + "/messages", new { role = "user", content = $"Neighbour message {i}" }, token);
            created[i] = path;
        });
        _activeSessionPaths = [.. created];
        Console.WriteLine($"  the REST silo holds {ActiveSessions:N0} other sessions of {ActiveUsers} users active (created in {started.Elapsed.TotalSeconds:F1} s)");

        // Each user grain syncs its new sessions' directories and writes its index within ActivityFlushDelay of its first
        // create: waited out here, so that none of that burst of fsyncs falls in a timed request.
        await Task.Delay(ChatDb.Grains.Users.UserGrain.ActivityFlushDelay + TimeSpan.FromSeconds(1), cancellationToken);
    }

    /// <summary>Creates a session of <paramref name="userId"/> and returns its id.</summary>
    public async Task<string> CreateSessionAsync(string userId, string title, CancellationToken cancellationToken)
    {
        using var created = await SendAsync(HttpMethod.Post, $"/users/{userId}/sessions", new { title }, cancellationToken);
        return created.RootElement.GetProperty("id").GetString()
            ?? throw new InvalidOperationException($"creating a session of {userId} returned no id.");
    }

    /// <summary>
    /// One request, its response read to the end; a status other than 2xx throws with the response body (the
    /// silo's <c>{"error":...,"message":...}</c>). Returns the response as JSON.
    /// </summary>
    public Task<JsonDocument> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body), "application/json", cancellationToken);

    /// <summary>One request with a body of raw bytes of <paramref name="contentType"/> (an upload), as <see cref="SendAsync(HttpMethod, string, object?, CancellationToken)"/>.</summary>
    public async Task<JsonDocument> SendAsync(HttpMethod method, string path, byte[]? body, string contentType, CancellationToken cancellationToken)
    {
        var bytes = await JsonRequest.SendAsync(_silo!.Http, method, path, body, contentType, cancellationToken);
        return bytes.Length == 0 ? JsonDocument.Parse("null") : JsonDocument.Parse(bytes);
    }

    /// <summary>A client to the silo's REST door that keeps up to <paramref name="connections"/> connections open.</summary>
    public HttpClient Connections(int connections) => JsonRequest.Client(_silo!.Http.BaseAddress!, connections);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
            _silo = null;
        }
    }
}
