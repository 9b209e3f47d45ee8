using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace ChatDb.Grains.Memories;

/// <summary>
/// The extractor of a configured chat model (<c>Memory:ExtractionModel</c>): the model gets the existing memories and the
/// new messages and answers a JSON list of operations, which is parsed strictly: anything but that list is a
/// <see cref="ModelError"/> and nothing is applied (docs/MEMORY.md, "Extraction").
/// </summary>
internal sealed class ModelMemoryExtractor(IChatClient client, string modelName, int timeoutSeconds) : IMemoryExtractor
{
    /// <summary>The system instructions of an extraction call.</summary>
    public const string Instructions =
        """
        You maintain the long-term memory of one user: short, self-contained facts about the user (name, home, work,
        family, preferences, plans). Read the new messages and compare them with the existing memories. Answer with a
        JSON array of operations and nothing else:
          {"op": "ADD", "text": "<new fact>", "seqs": [<message seqs it comes from>]}
          {"op": "UPDATE", "id": "<existing memory id>", "text": "<the fact as it is now>", "seqs": [...]}
          {"op": "DELETE", "id": "<existing memory id>", "seqs": [...]}   (the messages say the fact is no longer true)
          {"op": "NOOP"}
        Optional on ADD and UPDATE: "importance" between 0 and 1. Write facts in the third person ("User lives in Porto").
        Never repeat a fact a memory already holds; answer [] when there is nothing to remember.
        """;

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal) { "op", "id", "text", "seqs", "importance" };

    public async Task<IReadOnlyList<MemoryProposal>> ProposeAsync(IReadOnlyList<Models.ChatMessage> messages, IReadOnlyList<Memory> existing, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(
                [new AiChatMessage(ChatRole.System, Instructions), new AiChatMessage(ChatRole.User, Prompt(messages, existing))],
                cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelError($"memory extraction: model '{modelName}' did not answer within {timeoutSeconds} s (Models:{modelName}:TimeoutSeconds); nothing was applied.");
        }

        return Parse(response.Text, modelName);
    }

    /// <summary>The user message of the call: the memories (id and text), then the messages (seq, role, text).</summary>
    public static string Prompt(IReadOnlyList<Models.ChatMessage> messages, IReadOnlyList<Memory> existing)
    {
        var prompt = new StringBuilder("Existing memories:\n");
        foreach (var memory in existing)
        {
            prompt.Append(CultureInfo.InvariantCulture, $"- {memory.Id}: {memory.Text}\n");
        }

        if (existing.Count == 0)
        {
            prompt.Append("(none)\n");
        }

        prompt.Append("\nNew messages:\n");
        foreach (var message in messages)
        {
            prompt.Append(CultureInfo.InvariantCulture, $"[{message.Seq}] {message.Role}: {message.Content}\n");
        }

        return prompt.ToString();
    }

    /// <summary>The operations of the model's answer; a <see cref="ModelError"/> naming what is wrong otherwise.</summary>
    public static IReadOnlyList<MemoryProposal> Parse(string answer, string modelName)
    {
        var json = StripFence(answer.Trim());
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Refused(modelName, $"the answer is not JSON ({e.Message})");
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Refused(modelName, $"the answer is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not a list of operations");
        }

        var proposals = new List<MemoryProposal>();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Refused(modelName, $"operation {index} is not an object");
            }

            foreach (var property in item.EnumerateObject())
            {
                if (!KnownFields.Contains(property.Name))
                {
                    throw Refused(modelName, $"operation {index} has the unknown field \"{property.Name}\" (known: op, id, text, seqs, importance)");
                }
            }

            proposals.Add(new MemoryProposal(
                String(item, "op", index, modelName) ?? throw Refused(modelName, $"operation {index} has no \"op\""),
                String(item, "id", index, modelName),
                String(item, "text", index, modelName),
                item.TryGetProperty("importance", out var importance) && importance.ValueKind != JsonValueKind.Null
                    ? importance.ValueKind == JsonValueKind.Number ? importance.GetDouble() : throw Refused(modelName, $"operation {index}: \"importance\" is not a number")
                    : null,
                Seqs(item, index, modelName)));
        }

        return proposals;
    }

    private static string StripFence(string text)
    {
        // Models often wrap JSON in a Markdown code fence; the fence alone is taken off, the content is still parsed strictly.
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        return firstLineEnd < 0 ? text : text[(firstLineEnd + 1)..^3].Trim();
    }

    private static string? String(JsonElement item, string name, int index, string modelName) =>
        !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Refused(modelName, $"operation {index}: \"{name}\" is not a string");

    private static List<long>? Seqs(JsonElement item, int index, string modelName)
    {
        if (!item.TryGetProperty("seqs", out var seqs) || seqs.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (seqs.ValueKind != JsonValueKind.Array || seqs.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out _)))
        {
            throw Refused(modelName, $"operation {index}: \"seqs\" is not a list of integers");
        }

        return [.. seqs.EnumerateArray().Select(s => s.GetInt64())];
    }

    private static ModelError Refused(string modelName, string what) =>
        new($"memory extraction: model '{modelName}' did not answer a valid list of operations: {what}; nothing was applied.");
}
