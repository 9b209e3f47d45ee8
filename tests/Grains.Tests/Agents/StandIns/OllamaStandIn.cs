using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChatDb.Grains.Tests.Agents.StandIns;

/// <summary>
/// Ollama's <c>POST /api/chat</c>: one JSON object for <c>stream: false</c>, otherwise (Ollama's default) one JSON
/// object per line (NDJSON), the last with <c>done: true</c> and the token counts.
/// </summary>
internal sealed class OllamaStandIn : ModelStandIn
{
    private const string CreatedAt = "2026-03-04T05:06:07Z";

    public static async Task<OllamaStandIn> StartNewAsync()
    {
        var standIn = new OllamaStandIn();
        await standIn.StartAsync();
        return standIn;
    }

    protected override void Map(WebApplication app) => app.MapPost("/api/chat", ChatAsync);

    private static object Error(string message) => new { error = message };

    private async Task ChatAsync(HttpContext context)
    {
        var body = await AcceptAsync(context, received => Error($"unauthorized: {received}"));
        if (body is null)
        {
            return;
        }

        var model = body["model"]!.GetValue<string>();
        if (await MisbehaveAsync(context, model, Error))
        {
            return;
        }

        var messages = body["messages"]!.AsArray();
        var user = messages.LastOrDefault(m => m!["role"]!.GetValue<string>() == "user");
        var answer = $"Echo: {Text(user?["content"])}";
        JsonObject Final(string content) => new()
        {
            ["model"] = model,
            ["created_at"] = CreatedAt,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done"] = true,
            ["done_reason"] = "stop",
            ["total_duration"] = 1_000_000,
            ["prompt_eval_count"] = 1000 + messages.Count,
            ["eval_count"] = 500 + Words(answer),
        };

        if (body["stream"]?.GetValue<bool>() == false)
        {
            await context.Response.WriteAsJsonAsync(Final(answer));
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        foreach (var word in answer.Split(' '))
        {
            var piece = new JsonObject
            {
                ["model"] = model,
                ["created_at"] = CreatedAt,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = word + " " },
                ["done"] = false,
            };
            await LineAsync(context, piece);
        }

        await LineAsync(context, Final(""));
    }

    private static async Task LineAsync(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString() + "\n");
        await context.Response.Body.FlushAsync();
    }
}
