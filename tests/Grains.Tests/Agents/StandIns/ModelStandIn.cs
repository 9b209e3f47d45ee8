using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Tests.Agents.StandIns;

/// <summary>
/// A model server on 127.0.0.1 (a free port) for tests that must not need the network: real HTTP, real wire
/// format, answers chosen by the request's model id (<see cref="Models"/>), so tests share one server safely.
/// Every request body is kept, with the bearer key it carried.
/// </summary>
internal abstract class ModelStandIn : IAsyncDisposable
{
    /// <summary>The key the stand-in accepts; other keys are refused (401) with the key quoted back.</summary>
    public const string Key = "sk-standin-7d41c0e9a2b35f68";

    private WebApplication? _app;

    /// <summary>The model ids the stand-in knows and how it answers them.</summary>
    public static class Models
    {
        /// <summary>Repeats the newest user text (<c>Echo: ...</c>); usage 1000 + messages in, 500 + words out.</summary>
        public const string Echo = "echo";

        /// <summary>Asks for the first tool the request offers; after a tool message, repeats the tool's result.</summary>
        public const string Tools = "tools";

        /// <summary>Answers only after <see cref="SlowDelay"/>.</summary>
        public const string Slow = "slow";

        /// <summary>HTTP 200 with a body that is not JSON.</summary>
        public const string Garbage = "garbage";

        /// <summary>HTTP 500 whose body quotes the request's Authorization header.</summary>
        public const string Broken = "broken";
    }

    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(10);

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<(string Authorization, JsonObject Body)> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A loopback port nothing listens on (bound, then released), for "connection refused".</summary>
    public static Uri ClosedAddress()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    protected abstract void Map(WebApplication app);

    protected async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Reads and keeps the request; null (and a 401 written) when its key is not <see cref="Key"/>.</summary>
    protected async Task<JsonObject?> AcceptAsync(HttpContext context, Func<string, object> refusal)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue((authorization, body));
        if (authorization == $"Bearer {Key}")
        {
            return body;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await context.Response.WriteAsJsonAsync(refusal(authorization));
        return null;
    }

    /// <summary>What the models other than the answering ones do; true when the request is answered.</summary>
    protected static async Task<bool> MisbehaveAsync(HttpContext context, string model, Func<string, object> failure)
    {
        switch (model)
        {
            case Models.Slow:
                await Task.Delay(SlowDelay, context.RequestAborted);
                return false;
            case Models.Garbage:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("<html><body>502 upstream hiccup, this is not JSON");
                return true;
            case Models.Broken:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(failure($"internal failure while serving '{context.Request.Headers.Authorization}'"));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The text of a message's <c>content</c>: a string, or the text parts of an array.</summary>
    protected static string Text(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    protected static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
