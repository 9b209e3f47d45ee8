using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Grains.Sessions.Summary;

/// <summary>
/// Folds a session's older messages into its situational context (<see cref="ISessionSummaryGrain"/>). It reads the
/// messages after the last summarized seq from the session grain, leaves the newest <c>KeepRecentTokens</c> out, has the
/// model merge the rest with the summary so far, and hands the result to the session grain, which applies it only if the
/// context did not change meanwhile. One pass folds at most <see cref="MaxFoldTokens"/> so a model's input stays bounded;
/// a long backlog takes several passes, and summaries come at most once per <c>MinIntervalSeconds</c>.
/// </summary>
[GrainType(ChatGrainTypes.SessionSummary)]
public sealed class SessionSummaryGrain(
    IOptions<SessionSummaryOptions> options,
    IOptions<ChatLimitsOptions> limits,
    ModelRegistry models,
    IAgentChatClientFactory clients,
    TimeProvider time,
    ILogger<SessionSummaryGrain> logger) : Grain, ISessionSummaryGrain
{
    /// <summary>Confidence of an extractive (offline) summary: it repeats, it does not understand.</summary>
    public const double OfflineConfidence = 0.5;

    /// <summary>Confidence of a model's summary.</summary>
    public const double ModelConfidence = 0.8;

    private const int PageSize = 500;

    private readonly SessionSummaryOptions _options = options.Value;
    private readonly ChatLimitsOptions _limits = limits.Value;

    /// <summary>
    /// Tokens one pass folds at most: a model's input stays bounded; the offline summary keeps only the newest text
    /// within the length limit anyway, so it takes a backlog in one pass.
    /// </summary>
    private long MaxFoldTokens => IsOffline ? 1_000_000 : Math.Max(_options.ThresholdTokens, 8_000);

    private bool IsOffline => _options.Model.Equals(ModelRegistry.DefaultName, StringComparison.OrdinalIgnoreCase);

    private DateTimeOffset? _lastSummary;
    private IGrainTimer? _deferred;

    private ISessionGrain Session => GrainFactory.GetGrain<ISessionGrain>(this.GetPrimaryKeyString());

    public async Task RequestAsync()
    {
        if (_options.ThresholdTokens == 0)
        {
            return;
        }

        // At most one summary per MinIntervalSeconds: a session flooded with appends (an import, a batch writer) would
        // otherwise pay the summary's writes every few batches. A request inside the interval looks again when it ends.
        var wait = _lastSummary is { } last ? last + TimeSpan.FromSeconds(_options.MinIntervalSeconds) - time.GetUtcNow() : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            _deferred ??= this.RegisterGrainTimer(LookLaterAsync, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
            return;
        }

        await LookAsync();
    }

    private async Task LookLaterAsync(CancellationToken cancellationToken)
    {
        _deferred?.Dispose();
        _deferred = null;
        await LookAsync();
    }

    private async Task LookAsync()
    {
        try
        {
            await RunAsync(force: false);
        }
        catch (Exception error)
        {
            // Nobody waits for this pass: the summary stays as it was and the next request tries again.
            SummaryLog.SummaryFailed(logger, error, this.GetPrimaryKeyString(), _options.Model);
        }
    }

    public Task<RollingSummaryResult> SummarizeAsync() => RunAsync(force: true);

    private async Task<RollingSummaryResult> RunAsync(bool force)
    {
        var context = await Session.GetContextAsync();
        var folded = 0;
        while (true)
        {
            var through = context?.SummarizedThroughSeq;
            var (fold, pendingTokens, capped) = await ReadFoldAsync(through ?? 0);
            if (fold.Count == 0 || (!force && pendingTokens <= _options.ThresholdTokens))
            {
                return new RollingSummaryResult(folded > 0, through, folded, context);
            }

            var summary = await SummarizeAsync(context, fold);
            if (!await Session.ApplyRollingSummaryAsync(summary, through))
            {
                // A context came in meanwhile (set by a client, or by another pass): it wins; the next request starts from it.
                return new RollingSummaryResult(folded > 0, through, folded, await Session.GetContextAsync());
            }

            _lastSummary = time.GetUtcNow();
            context = summary;
            folded += fold.Count;
            SummaryLog.Summarized(logger, this.GetPrimaryKeyString(), fold.Count, fold[^1].Seq);

            // Another pass only for a backlog the cap cut; messages that arrived meanwhile wait for the next request,
            // or a session flooded with appends would be summarized without pause.
            if (!capped)
            {
                return new RollingSummaryResult(true, summary.SummarizedThroughSeq, folded, context);
            }
        }
    }

    /// <summary>
    /// The messages after <paramref name="afterSeq"/> and before the recent window, oldest first, at most
    /// <see cref="MaxFoldTokens"/> of them (deleted ones skipped, edited ones as they read now), and the tokens not yet
    /// summarized: theirs plus the window's (a lower bound when the fold was cut at the cap, which is above the threshold),
    /// and whether the cap cut it.
    /// </summary>
    private async Task<(List<ChatMessage> Fold, long PendingTokens, bool Capped)> ReadFoldAsync(long afterSeq)
    {
        var totals = await Session.GetTokenTotalsAsync();
        var window = _options.KeepRecentTokens > 0 ? await Session.GetMessagesAsync(new MessageQuery { FitTokens = _options.KeepRecentTokens }) : [];
        var windowStart = window.Count > 0 ? window[0].Seq : totals.Messages + 1;
        var pending = window.Where(m => m.Seq > afterSeq).Sum(TokensOf);
        var fold = new List<ChatMessage>();
        long tokens = 0;
        while (afterSeq + 1 < windowStart)
        {
            var page = await Session.GetMessagesAsync(new MessageQuery { AfterSeq = afterSeq, BeforeSeq = windowStart, Limit = PageSize });
            foreach (var message in page)
            {
                if (fold.Count > 0 && tokens + TokensOf(message) > MaxFoldTokens)
                {
                    return (fold, pending + tokens, true);
                }

                fold.Add(message);
                tokens += TokensOf(message);
            }

            if (page.Count < PageSize)
            {
                break;
            }

            afterSeq = page[^1].Seq;
        }

        return (fold, pending + tokens, false);
    }

    private async Task<SituationalContext> SummarizeAsync(SituationalContext? context, IReadOnlyList<ChatMessage> fold)
    {
        var model = _options.Model.ToLowerInvariant();
        var maxChars = _limits.ContextSummaryMaxLength;
        var keyPoints = context?.KeyPoints ?? [];
        string text;
        double confidence;
        if (IsOffline)
        {
            (text, var points) = OfflineSummarizer.Summarize(context?.Summary, keyPoints, fold, maxChars, _limits.ContextKeyPointsMaxCount);
            keyPoints = points;
            confidence = OfflineConfidence;
        }
        else
        {
            var client = clients.Create(model, models.Get(model, SessionSummaryOptions.SectionName + ":Model"));
            text = await ModelSummarizer.SummarizeAsync(client, context?.Summary, fold, maxChars, CancellationToken.None);
            confidence = ModelConfidence;
        }

        return new SituationalContext(text, keyPoints, context?.Entities ?? [], ChatClock.Now(time), confidence)
        {
            SummarizedThroughSeq = fold[^1].Seq,
        };
    }

    /// <summary>A message's stored token count; about four characters a token when it has none.</summary>
    internal static long TokensOf(ChatMessage message) => message.Tokens ?? (message.Content.Length + 3) / 4;
}
