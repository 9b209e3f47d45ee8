using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// The model shipped with ChatDb: deterministic, no network, good enough to run the whole agent path. It answers the
/// newest user message from the prompt itself: it repeats the message and quotes the earlier message of the
/// conversation that shares the most words with it (the newest such one on a tie). It can be scripted to ask for a
/// tool: a user message <c>/tool {name} {json arguments}</c> naming a tool the call offers becomes a function call,
/// and the tool's result is answered as <c>Tool {name} returned: {result}</c>. <c>MaxOutputTokens</c> cuts the answer
/// after that many words (finish reason <c>length</c>). It reports no usage: the run counts tokens itself.
/// </summary>
public sealed class OfflineChatClient : IChatClient
{
    /// <summary>The model id it reports.</summary>
    public const string ModelId = "chatdb-offline-1";

    /// <summary>A user message starting with this asks for a tool.</summary>
    public const string ToolCommand = "/tool ";

    private const int MinWordLength = 3;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Answer([.. messages], options));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The answer arrives a word at a time (each with the spaces after it), as a streaming model's would; the
        // pieces join to exactly the text GetResponseAsync returns.
        var response = await GetResponseAsync(messages, options, cancellationToken);
        var messageId = $"offline_{Guid.NewGuid():N}";
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            if (content is TextContent text)
            {
                foreach (var word in WordPieces(text.Text))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return new ChatResponseUpdate(ChatRole.Assistant, word) { MessageId = messageId, ModelId = ModelId };
                }
            }
            else
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [content]) { MessageId = messageId, ModelId = ModelId };
            }
        }

        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, MessageId = messageId, ModelId = ModelId, FinishReason = response.FinishReason };
    }

    /// <summary>Splits text after each run of spaces: <c>"You said: hi"</c> gives <c>"You "</c>, <c>"said: "</c>, <c>"hi"</c>.</summary>
    internal static IEnumerable<string> WordPieces(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && (i + 1 == text.Length || text[i + 1] != ' '))
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this : null;

    public void Dispose()
    {
    }

    private static ChatResponse Answer(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var conversation = messages.Where(m => m.Role != ChatRole.System).ToList();
        var last = conversation.LastOrDefault();
        if (last is null)
        {
            return Reply("There is no message to answer.", options);
        }

        if (last.Role == ChatRole.Tool)
        {
            var results = last.Contents.OfType<FunctionResultContent>()
                .Select(r => $"Tool {ToolName(conversation, r.CallId)} returned: {Text(r.Result)}");
            return Reply(string.Join(" ", results), options);
        }

        var text = last.Text;
        if (text.StartsWith(ToolCommand, StringComparison.Ordinal) && ToolRequest(text, options, conversation) is { } call)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { FinishReason = ChatFinishReason.ToolCalls, ModelId = ModelId };
        }

        var earlier = BestMatch(text, conversation.Take(conversation.Count - 1));
        var answer = earlier is null ? $"You said: {text}" : $"You said: {text} Earlier: {earlier}";
        return Reply(answer, options);
    }

    private static ChatResponse Reply(string text, ChatOptions? options)
    {
        var finish = ChatFinishReason.Stop;
        if (options?.MaxOutputTokens is { } max)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > max)
            {
                text = string.Join(' ', words.Take(Math.Max(0, max)));
                finish = ChatFinishReason.Length;
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = finish, ModelId = ModelId };
    }

    /// <summary><c>/tool {name} {json}</c> for a tool the call offers; null otherwise (then the text is answered as text).</summary>
    private static FunctionCallContent? ToolRequest(string text, ChatOptions? options, IReadOnlyList<ChatMessage> conversation)
    {
        var rest = text[ToolCommand.Length..].Trim();
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? rest : rest[..space];
        if (options?.Tools?.Any(t => t.Name == name) != true)
        {
            return null;
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (space >= 0)
        {
            try
            {
                using var json = JsonDocument.Parse(rest[(space + 1)..]);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in json.RootElement.EnumerateObject())
                    {
                        arguments[property.Name] = property.Value.Clone();
                    }
                }
            }
            catch (JsonException)
            {
                // Arguments that are not a JSON object are left out; the tool sees none.
            }
        }

        var calls = conversation.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).Count();
        return new FunctionCallContent($"call_{calls + 1}", name, arguments);
    }

    private static string ToolName(IReadOnlyList<ChatMessage> conversation, string callId) =>
        conversation.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).LastOrDefault(c => c.CallId == callId)?.Name ?? "(unknown)";

    private static string? BestMatch(string text, IEnumerable<ChatMessage> earlier)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return null;
        }

        string? best = null;
        var bestScore = 0;
        foreach (var message in earlier)
        {
            if (message.Role != ChatRole.User && message.Role != ChatRole.Assistant)
            {
                continue;
            }

            var candidate = message.Text;
            var score = Words(candidate).Count(words.Contains);
            if (score > 0 && score >= bestScore && candidate != text)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best;
    }

    private static HashSet<string> Words(string text) =>
        text.Split((char[])[' ', '\t', '\n', '\r', '.', ',', ';', ':', '!', '?', '"', '\'', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= MinWordLength)
            .Select(w => w.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    private static string Text(object? value) => value switch
    {
        null => "null",
        string s => s,
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(value, value.GetType(), AIJsonUtilities.DefaultOptions),
    };
}
