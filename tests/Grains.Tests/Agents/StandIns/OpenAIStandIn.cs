using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChatDb.Grains.Tests.Agents.StandIns;

/// <summary>
/// OpenAI's chat completions (<c>POST /v1/chat/completions</c>), answered as JSON or, for <c>stream: true</c>, as
/// server-sent <c>data:</c> chunks ending in <c>data: [DONE]</c> (with a usage chunk when
/// <c>stream_options.include_usage</c> asks for one); and <c>POST /v1/embeddings</c>.
/// </summary>
internal sealed class OpenAIStandIn : ModelStandIn
{
    private const long Created = 1_780_000_000;

    /// <summary>The base address a client is configured with: the paths follow it.</summary>
    public Uri Endpoint => new(Address, "/v1");

    /// <summary>The dimensions of the stand-in's embeddings.</summary>
    public const int Dimensions = 4;

    public static async Task<OpenAIStandIn> StartNewAsync()
    {
        var standIn = new OpenAIStandIn();
        await standIn.StartAsync();
        return standIn;
    }

    /// <summary>The embedding of <paramref name="text"/>: length, spaces, vowels, and 1.</summary>
    public static float[] Embed(string text) =>
        [text.Length, text.Count(c => c == ' '), text.Count(c => "aeiou".Contains(c, StringComparison.Ordinal)), 1];

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/chat/completions", ChatAsync);
        app.MapPost("/v1/embeddings", EmbedAsync);
    }

    private static object Error(string message) => new { error = new { message, type = "invalid_request_error", code = (string?)null } };

    private async Task ChatAsync(HttpContext context)
    {
        var body = await AcceptAsync(context, received => Error($"Incorrect API key provided: {received}"));
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
        var (content, calls, finish) = Answer(model, messages, body["tools"]?.AsArray());
        var usage = new JsonObject
        {
            ["prompt_tokens"] = 1000 + messages.Count,
            ["completion_tokens"] = 500 + Words(content ?? ""),
            ["total_tokens"] = 1500 + messages.Count + Words(content ?? ""),
        };

        if (body["stream"]?.GetValue<bool>() != true)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
            if (calls is not null)
            {
                message["tool_calls"] = calls;
            }

            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "chatcmpl-standin",
                ["object"] = "chat.completion",
                ["created"] = Created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = usage,
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await ChunkAsync(context, model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        foreach (var word in (content ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            await ChunkAsync(context, model, new JsonObject { ["content"] = word + " " }, null);
        }

        if (calls is not null)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                var call = calls[i]!.DeepClone().AsObject();
                call["index"] = i;
                await ChunkAsync(context, model, new JsonObject { ["tool_calls"] = new JsonArray(call) }, null);
            }
        }

        await ChunkAsync(context, model, new JsonObject(), finish);
        if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            await SendAsync(context, new JsonObject
            {
                ["id"] = "chatcmpl-standin", ["object"] = "chat.completion.chunk", ["created"] = Created, ["model"] = model,
                ["choices"] = new JsonArray(), ["usage"] = usage,
            }.ToJsonString());
        }

        await SendAsync(context, "[DONE]");
    }

    private static (string? Content, JsonArray? Calls, string Finish) Answer(string model, JsonArray messages, JsonArray? tools)
    {
        var last = messages[^1]!;
        if (model == Models.Tools && last["role"]!.GetValue<string>() == "tool")
        {
            return ($"The tool said {Text(last["content"])}", null, "stop");
        }

        if (model == Models.Tools && tools is { Count: > 0 })
        {
            var name = tools[0]!["function"]!["name"]!.GetValue<string>();
            var call = new JsonObject
            {
                ["id"] = $"call_{messages.Count}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "{}" },
            };
            return (null, [call], "tool_calls");
        }

        var user = messages.LastOrDefault(m => m!["role"]!.GetValue<string>() == "user");
        return ($"Echo: {Text(user?["content"])}", null, "stop");
    }

    private static Task ChunkAsync(HttpContext context, string model, JsonObject delta, string? finish) =>
        SendAsync(context, new JsonObject
        {
            ["id"] = "chatcmpl-standin",
            ["object"] = "chat.completion.chunk",
            ["created"] = Created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        }.ToJsonString());

    private static async Task SendAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private async Task EmbedAsync(HttpContext context)
    {
        var body = await AcceptAsync(context, received => Error($"Incorrect API key provided: {received}"));
        if (body is null)
        {
            return;
        }

        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = Embed(inputs[i]);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()))
                : new JsonArray([.. vector.Select(v => (JsonNode?)JsonValue.Create(v))]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(Words);
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }

}
