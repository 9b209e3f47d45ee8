using ChatDb.McpTestServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>
/// The test MCP server's tools over MCP's streamable HTTP on 127.0.0.1 and a free port, in process; it answers only a
/// request carrying <c>Authorization: Bearer {ApiKey}</c>.
/// </summary>
public sealed class McpHttpTestServer : IAsyncDisposable
{
    public const string ApiKey = "mcp-test-key";

    private readonly WebApplication _app;

    private McpHttpTestServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<McpHttpTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddMcpServer().WithHttpTransport().WithTools([typeof(TestServerTools)]);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + ApiKey)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        return new McpHttpTestServer(app, new Uri(app.Urls.First() + "/mcp"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
