using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tokens;
using ChatDb.Storage.Logs;
using ChatDb.Storage;

namespace ChatDb.Grains.Internal;

/// <summary>
/// The message log of a session or panel with what makes it cheap to use from a grain: a tail cache of
/// up to the last <see cref="TailCapacity"/> messages, and the map
/// from client-supplied message ids to sequence numbers that makes adds idempotent. The map holds only
/// client-supplied ids (generated ids cannot be retried, so they need no entry) and is built on the
/// first add that carries an id, by one pass over the log; a session whose clients never send ids never
/// pays for it. Used only from its grain's turns.
/// <para>
/// Nothing is read at activation: a cold read of the last page costs one seek through the log's sparse
/// index and the parse of that page, not of a whole tail. Invariant: when the tail cache holds anything,
/// its last message is the last one of the log. Appends extend it, and a read that ends at the last
/// message refills it, so after the first read of the newest page the hot path never touches storage.
/// </para>
/// <para>
/// With a <see cref="MessageTokenCounter"/>, every message read gets its token count (lines stored without
/// one are counted), and the first token question builds a ledger of every message's count by one pass over
/// the log; appends keep it current, so a session's total and "the newest messages that fit" cost no reads
/// beyond the page they return.
/// </para>
/// </summary>
internal sealed class MessageStore(IPersistentLog<ChatMessage> log, MessageTokenCounter? tokens = null)
{
    public const int TailCapacity = 256;
    private const int ScanPageSize = 1000;

    private readonly MessageTail _tail = new(TailCapacity);
    private Dictionary<string, long>? _clientIds;
    private List<int>? _tokenLedger;
    private long _tokenTotal;

    public long Count => log.Count;

    /// <summary>The last message of the log (from the tail cache, else one read); null when the log is empty.</summary>
    public async Task<ChatMessage?> LastAsync()
    {
        if (log.Count == 0)
        {
            return null;
        }

        if (_tail.Count == 0)
        {
            Refill([.. (await log.ReadTailAsync(1)).Select(entry => WithTokens(entry.Value))]);
        }

        return _tail.Last;
    }

    /// <summary>The stored message with client id <paramref name="id"/>, or null.</summary>
    public async Task<ChatMessage?> FindByClientIdAsync(string id)
    {
        _clientIds ??= await BuildClientIdMapAsync();
        if (!_clientIds.TryGetValue(id, out var seq))
        {
            return null;
        }

        var found = await ReadRangeAsync(seq, seq);
        return found.Count == 1 ? found[0] : throw new IntegrityError($"{log}: message id '{id}' maps to seq {seq}, which cannot be read.");
    }

    /// <summary>Appends <paramref name="message"/>, whose <c>Seq</c> must be <see cref="Count"/> + 1.</summary>
    public Task AppendAsync(ChatMessage message) => AppendAsync([message]);

    /// <summary>
    /// Appends <paramref name="messages"/>, numbered <see cref="Count"/> + 1 onwards, as one group: one durable
    /// write of the log, all of them or none.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<ChatMessage> messages)
    {
        var last = await log.AppendAsync(messages);
        if (messages.Count > 0 && last != messages[^1].Seq)
        {
            throw new IntegrityError($"{log}: the messages were numbered up to {messages[^1].Seq} but stored up to {last}.");
        }

        foreach (var message in messages)
        {
            _tail.Add(message);
            if (_clientIds is not null && !MessageRules.IsGeneratedId(message.Id))
            {
                _clientIds[message.Id] = message.Seq;
            }

            if (_tokenLedger is not null)
            {
                var count = TokensOf(message);
                _tokenLedger.Add(count);
                _tokenTotal += count;
            }
        }
    }

    /// <summary>Reads the count again and forgets what is cached, after the files came back from the trash.</summary>
    public async Task ReloadAsync()
    {
        await log.ReloadAsync();
        _tail.Clear();
        _clientIds = null;
        _tokenLedger = null;
        _tokenTotal = 0;
    }

    public async Task ClearAsync()
    {
        await log.ClearAsync();
        _tail.Clear();
        _clientIds = null;
        _tokenLedger = null;
        _tokenTotal = 0;
    }

    /// <summary>The sum of every message's token count.</summary>
    public async Task<long> TotalTokensAsync()
    {
        await EnsureTokenLedgerAsync();
        return _tokenTotal;
    }

    /// <summary>
    /// The newest messages whose token counts sum to at most <paramref name="budget"/>, oldest first; empty when
    /// the newest alone is larger. Deleted messages (<paramref name="hidden"/>) count nothing and are left out;
    /// an edited message counts with the tokens it was added with.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> FitTokensAsync(int budget, Func<long, bool>? hidden = null)
    {
        await EnsureTokenLedgerAsync();
        var ledger = _tokenLedger!;
        var first = ledger.Count + 1;
        long sum = 0;
        for (var seq = ledger.Count; seq >= 1; seq--)
        {
            if (hidden?.Invoke(seq) == true)
            {
                first = seq;
                continue;
            }

            sum += ledger[seq - 1];
            if (sum > budget)
            {
                break;
            }

            first = seq;
        }

        if (first > ledger.Count)
        {
            return [];
        }

        var window = await ReadRangeAsync(first, ledger.Count);
        return hidden is null ? window : window.Where(message => !hidden(message.Seq)).ToList();
    }

    /// <summary>
    /// Runs <paramref name="query"/>; see <see cref="MessageQuery"/> for the semantics. Messages whose seq
    /// <paramref name="hidden"/> names (deleted ones) are skipped before the page is cut.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> QueryAsync(MessageQuery query, int defaultLimit, string subject, Func<long, bool>? hidden = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.FitTokens is { } budget)
        {
            return await FitTokensAsync(ValidateFitTokens(query, budget, subject), hidden);
        }

        var limit = TextRules.ValidateLimit(query.Limit, defaultLimit, subject);
        var offset = TextRules.ValidateOffset(query.Offset, subject);
        var low = Math.Max(1, (query.AfterSeq ?? 0) + 1);
        var high = Math.Min(log.Count, (query.BeforeSeq ?? long.MaxValue) - 1);
        if (low > high)
        {
            return [];
        }

        if (query.From is null && query.To is null && MetadataMatch.IsEmpty(query.Metadata) && hidden is null)
        {
            var (first, last) = query.Latest
                ? (Math.Max(low, high - offset - limit + 1), high - offset)
                : (low + offset, Math.Min(high, low + offset + limit - 1));
            return first > last ? [] : await ReadRangeAsync(first, last);
        }

        bool Matches(ChatMessage message) => MatchesFilters(message, query) && hidden?.Invoke(message.Seq) != true;
        return query.Latest
            ? await ScanBackwardAsync(low, high, Matches, offset, limit)
            : await ScanForwardAsync(low, high, Matches, offset, limit);
    }

    /// <summary>The stored messages <paramref name="first"/>..<paramref name="last"/> as the log holds them, in one read.</summary>
    public Task<IReadOnlyList<ChatMessage>> ReadStoredAsync(long first, long last) =>
        first > last ? Task.FromResult<IReadOnlyList<ChatMessage>>([]) : ReadRangeAsync(first, last);

    /// <summary>Messages 1..<paramref name="last"/> as stored, <paramref name="replacements"/> in place of their seqs, for <see cref="AppendImageAsync"/>.</summary>
    public Task<LogImage> ExportAsync(long last, IReadOnlyDictionary<long, ChatMessage> replacements) =>
        log.ExportAsync(last, replacements);

    /// <summary>Appends the messages of an image made by <see cref="ExportAsync"/> (numbered 1..n there) to this empty log, as one durable group.</summary>
    public async Task AppendImageAsync(LogImage image)
    {
        if (log.Count != 0)
        {
            throw new IntegrityError($"{log}: a log image starts at message 1, so it fills only an empty log.");
        }

        await log.AppendImageAsync(image);
        _clientIds = null;
        _tail.Clear();
        _tokenLedger = null;
    }

    /// <summary>
    /// Replaces stored messages in place (erasure, <see cref="IPersistentLog{T}.RewriteAsync"/>) and forgets every
    /// cached copy, so no old text stays in memory either.
    /// </summary>
    public async Task RewriteAsync(IReadOnlyDictionary<long, ChatMessage> replacements, IReadOnlyCollection<string> erase)
    {
        _tail.Clear();
        _tokenLedger = null;
        await log.RewriteAsync(replacements, erase);
    }

    private static bool MatchesFilters(ChatMessage message, MessageQuery query) =>
        (query.From is not { } from || message.Timestamp >= from) && (query.To is not { } to || message.Timestamp < to)
        && MetadataMatch.Matches(message.Metadata, query.Metadata);

    private int ValidateFitTokens(MessageQuery query, int budget, string subject)
    {
        if (tokens is null)
        {
            throw new ValidationError($"{subject}: fitTokens is not available here: these messages carry no token counts.");
        }

        if (budget < 0)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{subject}: fitTokens must not be negative (was {budget})."));
        }

        (string Name, bool Set)[] fields =
        [
            ("limit", query.Limit is not null),
            ("offset", query.Offset is not null and not 0),
            ("before", query.BeforeSeq is not null),
            ("after", query.AfterSeq is not null),
            ("from", query.From is not null),
            ("to", query.To is not null),
            ("latest", query.Latest),
            ("metadata", !MetadataMatch.IsEmpty(query.Metadata)),
        ];
        var others = fields.Where(field => field.Set).Select(field => field.Name).ToList();
        return others.Count == 0
            ? budget
            : throw new ValidationError($"{subject}: fitTokens is taken alone; remove {string.Join(", ", others)}.");
    }

    private int TokensOf(ChatMessage message) => message.Tokens ?? tokens?.Count(message) ?? 0;

    /// <summary><paramref name="message"/> with its token count, when this store counts tokens.</summary>
    public ChatMessage WithTokens(ChatMessage message) => tokens is null ? message : tokens.WithTokens(message);

    /// <summary>The encoding token counts are in; null when this store counts none.</summary>
    public string? TokenEncoding => tokens?.Encoding;

    private async Task EnsureTokenLedgerAsync()
    {
        if (_tokenLedger is not null)
        {
            return;
        }

        var ledger = new List<int>((int)Math.Min(log.Count, int.MaxValue));
        long total = 0;
        for (long first = 1; first <= log.Count; first += ScanPageSize)
        {
            var page = await log.ReadAsync(first, ScanPageSize);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var entry in page)
            {
                var count = TokensOf(entry.Value);
                ledger.Add(count);
                total += count;
            }
        }

        if (ledger.Count != log.Count)
        {
            throw new IntegrityError(string.Create(CultureInfo.InvariantCulture, $"{log}: counting tokens read {ledger.Count} messages of {log.Count}."));
        }

        (_tokenLedger, _tokenTotal) = (ledger, total);
    }

    // Timestamps may come from callers and need not grow with seq, metadata says nothing of position, and deleted
    // seqs leave holes, so a filter reads the seq range page by page.
    private async Task<IReadOnlyList<ChatMessage>> ScanForwardAsync(long low, long high, Func<ChatMessage, bool> matches, int offset, int limit)
    {
        var result = new List<ChatMessage>();
        var skipped = 0;
        for (var first = low; first <= high && result.Count < limit; first += ScanPageSize)
        {
            foreach (var message in await ReadRangeAsync(first, Math.Min(high, first + ScanPageSize - 1)))
            {
                if (!matches(message))
                {
                    continue;
                }

                if (skipped < offset)
                {
                    skipped++;
                }
                else if (result.Count < limit)
                {
                    result.Add(message);
                }
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<ChatMessage>> ScanBackwardAsync(long low, long high, Func<ChatMessage, bool> matches, int offset, int limit)
    {
        var newestFirst = new List<ChatMessage>();
        var skipped = 0;
        for (var last = high; last >= low && newestFirst.Count < limit; last -= ScanPageSize)
        {
            var page = await ReadRangeAsync(Math.Max(low, last - ScanPageSize + 1), last);
            for (var i = page.Count - 1; i >= 0 && newestFirst.Count < limit; i--)
            {
                if (!matches(page[i]))
                {
                    continue;
                }

                if (skipped < offset)
                {
                    skipped++;
                }
                else
                {
                    newestFirst.Add(page[i]);
                }
            }
        }

        newestFirst.Reverse();
        return newestFirst;
    }

    private async Task<IReadOnlyList<ChatMessage>> ReadRangeAsync(long first, long last)
    {
        if (_tail.Covers(first, last))
        {
            return _tail.Range(first, last);
        }

        var entries = await log.ReadAsync(first, (int)(last - first + 1));
        var messages = entries.Select(entry => WithTokens(entry.Value)).ToList();
        if (last == log.Count && entries.Count == last - first + 1 && first < (_tail.Count == 0 ? long.MaxValue : _tail.FirstSeq))
        {
            // The newest page, and more of it than the cache holds: keep it for the next read.
            Refill(messages);
        }

        return messages;
    }

    /// <summary>Replaces the tail cache with the newest of <paramref name="messages"/>, which end at the log's last message.</summary>
    private void Refill(IReadOnlyList<ChatMessage> messages)
    {
        _tail.Clear();
        for (var i = Math.Max(0, messages.Count - TailCapacity); i < messages.Count; i++)
        {
            _tail.Add(messages[i]);
        }
    }

    private async Task<Dictionary<string, long>> BuildClientIdMapAsync()
    {
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        for (long first = 1; first <= log.Count; first += ScanPageSize)
        {
            var page = await log.ReadAsync(first, ScanPageSize);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var entry in page)
            {
                if (!MessageRules.IsGeneratedId(entry.Value.Id))
                {
                    map[entry.Value.Id] = entry.Sequence;
                }
            }
        }

        return map;
    }
}
