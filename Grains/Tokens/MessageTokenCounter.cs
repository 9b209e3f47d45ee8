using ChatDb.Grains.Models;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace ChatDb.Grains.Tokens;

/// <summary>
/// Counts a message's tokens in the configured encoding (<see cref="TokenOptions.Encoding"/>). The rule
/// (docs/API.md, "Token counts"): the content (which holds the text parts) + for each tool call its name
/// and its arguments as compact JSON + for each tool result the result as compact JSON + a fixed
/// <see cref="PerMessageOverhead"/> for the role and the message's framing. Document and URI references
/// count nothing: what an image or a file costs depends on the model that reads it. One instance per silo:
/// the encoding's vocabulary is loaded once and the tokenizer is thread-safe.
/// </summary>
public sealed class MessageTokenCounter
{
    /// <summary>Tokens added to every message (OpenAI's chat format spends 3 on framing and about 1 on the role).</summary>
    public const int PerMessageOverhead = 4;

    private readonly Tokenizer _tokenizer;

    public MessageTokenCounter(IOptions<TokenOptions> options)
        : this(options.Value.Encoding)
    {
    }

    public MessageTokenCounter(string encoding)
    {
        ArgumentException.ThrowIfNullOrEmpty(encoding);
        Encoding = encoding;
        _tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
    }

    public string Encoding { get; }

    public int Count(string content, IReadOnlyList<MessagePart>? parts)
    {
        ArgumentNullException.ThrowIfNull(content);
        var tokens = PerMessageOverhead + _tokenizer.CountTokens(content);
        foreach (var part in parts ?? [])
        {
            tokens += part.Type switch
            {
                MessagePartTypes.ToolCall => _tokenizer.CountTokens(part.Name ?? string.Empty) + CountJson(part.Arguments),
                MessagePartTypes.ToolResult => CountJson(part.Result),
                _ => 0,
            };
        }

        return tokens;
    }

    public int Count(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Count(message.Content, message.Parts);
    }

    /// <summary><paramref name="message"/> with its count; a stored count is kept.</summary>
    public ChatMessage WithTokens(ChatMessage message) =>
        message.Tokens is null ? message with { Tokens = Count(message) } : message;

    private int CountJson(System.Text.Json.JsonElement? value) =>
        value is { } json ? _tokenizer.CountTokens(json.GetRawText()) : 0;
}
