using System.Collections.Concurrent;
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

    /// <summary>Pieces whose counts are remembered; past this many, new pieces are counted each time.</summary>
    private const int PieceCacheCapacity = 100_000;

    private readonly Tokenizer _tokenizer;
    private readonly bool _splitsAscii;
    private readonly ConcurrentDictionary<string, int> _pieces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _pieceLookup;

    // The cache's size, kept apart: ConcurrentDictionary.Count takes every lock of the table, and with many sessions
    // appending at once that was most of the time spent counting (docs/BENCHMARKS.md, search_fulltext_1m_messages).
    // Racing adds may take it a few pieces past the capacity.
    private int _cachedPieces;

    public MessageTokenCounter(IOptions<TokenOptions> options)
        : this(options.Value.Encoding)
    {
    }

    public MessageTokenCounter(string encoding)
    {
        ArgumentException.ThrowIfNullOrEmpty(encoding);
        Encoding = encoding;
        _tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
        _splitsAscii = string.Equals(encoding, "o200k_base", StringComparison.OrdinalIgnoreCase);
        _pieceLookup = _pieces.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Encoding { get; }

    public int Count(string content, IReadOnlyList<MessagePart>? parts)
    {
        ArgumentNullException.ThrowIfNull(content);
        var tokens = PerMessageOverhead + CountText(content);
        foreach (var part in parts ?? [])
        {
            tokens += part.Type switch
            {
                MessagePartTypes.ToolCall => CountText(part.Name ?? string.Empty) + CountJson(part.Arguments),
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
        value is { } json ? CountText(json.GetRawText()) : 0;

    /// <summary>
    /// The library's count of <paramref name="text"/>. An ASCII text in o200k_base is cut into the pre-tokenizer's
    /// pieces by <see cref="O200kAsciiPieces"/> instead of the library's regular expression, and each piece's
    /// count (the byte-pair encoding of that piece alone, which is what the library does per piece) is
    /// remembered; any other text goes to the library whole.
    /// </summary>
    private int CountText(string text)
    {
        if (!_splitsAscii || text.Length == 0)
        {
            return _tokenizer.CountTokens(text);
        }

        var pieces = _threadPieces ??= new List<(int Start, int Length)>(64);
        if (!O200kAsciiPieces.TrySplit(text, pieces))
        {
            return _tokenizer.CountTokens(text);
        }

        var count = 0;
        foreach (var (start, length) in pieces)
        {
            var piece = text.AsSpan(start, length);
            if (!_pieceLookup.TryGetValue(piece, out var tokens))
            {
                var key = piece.ToString();
                tokens = _tokenizer.CountTokens(key, considerPreTokenization: false, considerNormalization: false);
                if (Volatile.Read(ref _cachedPieces) < PieceCacheCapacity && _pieces.TryAdd(key, tokens))
                {
                    Interlocked.Increment(ref _cachedPieces);
                }
            }

            count += tokens;
        }

        return count;
    }

    [ThreadStatic]
    private static List<(int Start, int Length)>? _threadPieces;
}
