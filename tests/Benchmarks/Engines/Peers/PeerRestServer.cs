using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using ChatDb.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>
/// What a chat server on a relational peer would put in front of it: a minimal ASP.NET Core app (Kestrel on loopback, in
/// the benchmark's process) with the chat routes the REST throughput scenarios call, over a pool of the peer's
/// connections (one per concurrent request, as a connection pool hands out). It does the work ChatDb's REST door does
/// for the same request: parse the JSON body, give the message the session's next seq (kept in memory, as ChatDb's
/// session grain keeps it), insert it in a transaction of its own acknowledged when durable, and answer with the stored
/// message as JSON; a page reads <c>ORDER BY seq LIMIT OFFSET</c> and answers with the messages as a JSON array.
/// </summary>
public sealed class PeerRestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<IChatStore> _pool;
    private readonly IReadOnlyList<IChatStore> _stores;

    private PeerRestServer(WebApplication app, Channel<IChatStore> pool, IReadOnlyList<IChatStore> stores, Uri address)
    {
        _app = app;
        _pool = pool;
        _stores = stores;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the app over <paramref name="connections"/> durable connections to <paramref name="database"/>.</summary>
    public static async Task<PeerRestServer> StartAsync(IPeerDatabase database, int connections, CancellationToken cancellationToken)
    {
        var stores = new List<IChatStore>();
        var pool = Channel.CreateUnbounded<IChatStore>();
        for (var i = 0; i < connections; i++)
        {
            var store = await database.OpenAsync(durable: true, cancellationToken);
            stores.Add(store);
            pool.Writer.TryWrite(store);
        }

        var port = LoopbackPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var sequences = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

        async Task<T> WithStoreAsync<T>(Func<IChatStore, Task<T>> use, CancellationToken aborted)
        {
            var store = await pool.Reader.ReadAsync(aborted);
            try
            {
                return await use(store);
            }
            finally
            {
                pool.Writer.TryWrite(store);
            }
        }

        app.MapPost("/users/{userId}/sessions/{sessionId}", (string userId, string sessionId, HttpContext context) =>
            WithStoreAsync(async store =>
            {
                await store.InsertSessionAsync(sessionId, userId, "Benchmark chat", context.RequestAborted);
                return Results.Created();
            }, context.RequestAborted));
        app.MapPost("/users/{userId}/sessions/{sessionId}/messages", async (string sessionId, HttpContext context) =>
        {
            var message = await context.Request.ReadFromJsonAsync<PeerNewMessage>(context.RequestAborted)
                ?? throw new BadHttpRequestException("a message body is required");
            var seq = sequences.AddOrUpdate(sessionId, 1, (_, last) => last + 1);
            var row = new PeerRow(seq, message.Role, message.Content);
            await WithStoreAsync(async store =>
            {
                await store.InsertMessageAsync(sessionId, row, context.RequestAborted);
                return true;
            }, context.RequestAborted);
            return Results.Json(new { seq, role = row.Role, content = row.Content }, statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/users/{userId}/sessions/{sessionId}/messages/batch", async (string sessionId, HttpContext context) =>
        {
            var batch = await context.Request.ReadFromJsonAsync<PeerBatch>(context.RequestAborted)
                ?? throw new BadHttpRequestException("a batch body is required");
            var rows = batch.Messages.Select(m => new PeerRow(sequences.AddOrUpdate(sessionId, 1, (_, last) => last + 1), m.Role, m.Content)).ToList();
            await WithStoreAsync(async store =>
            {
                await store.InsertMessagesAsync(sessionId, rows, context.RequestAborted);
                return true;
            }, context.RequestAborted);
            return Results.Json(new { count = rows.Count }, statusCode: StatusCodes.Status201Created);
        });
        app.MapGet("/users/{userId}/sessions/{sessionId}/messages", (string sessionId, int limit, int offset, HttpContext context) =>
            WithStoreAsync(async store => Results.Json(await store.ReadPageAsync(sessionId, offset, limit, context.RequestAborted)), context.RequestAborted));

        await app.StartAsync(cancellationToken);
        return new PeerRestServer(app, pool, stores, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _pool.Writer.TryComplete();
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>The body of a new message, as ChatDb's REST door takes it (role and content).</summary>
    private sealed record PeerNewMessage(string Role, string Content);

    /// <summary>The body of a batch, as ChatDb's <c>/messages/batch</c> takes it.</summary>
    private sealed record PeerBatch(PeerNewMessage[] Messages);
}
