using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.Tools;

/// <summary>What a trace shows of a tool call's arguments (<c>Agents:Trace</c>): the JSON with secrets replaced, or nothing.</summary>
internal static class ToolArgumentRedaction
{
    public const string Redacted = "[redacted]";

    /// <summary>
    /// The arguments as JSON with the value of every property named in <see cref="AgentTraceArgumentOptions.RedactArguments"/>
    /// (case-insensitive, at any depth) replaced by <see cref="Redacted"/>; null when arguments are dropped.
    /// </summary>
    public static JsonElement? ForTrace(IDictionary<string, object?>? arguments, AgentTraceArgumentOptions options)
    {
        if (options.DropArguments)
        {
            return null;
        }

        var names = new HashSet<string>(options.RedactArguments ?? [.. AgentTraceArgumentOptions.DefaultRedactedNames], StringComparer.OrdinalIgnoreCase);
        var node = JsonSerializer.SerializeToNode(arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
        Redact(node, names);
        return JsonSerializer.SerializeToElement(node, AIJsonUtilities.DefaultOptions);
    }

    private static void Redact(JsonNode? node, HashSet<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (names.Contains(name))
                    {
                        obj[name] = Redacted;
                    }
                    else
                    {
                        Redact(obj[name], names);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item, names);
                }

                break;
        }
    }
}
