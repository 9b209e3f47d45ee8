using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace ChatDb.Grains.Sessions.Summary;

/// <summary>
/// Folds a session's older messages into its situational context (<see cref="ISessionSummaryGrain"/>). It reads the
/// messages after the last summarized seq from the session grain, leaves the newest <c>KeepRecentTokens</c> out, has the
/// model merge the rest with the summary so far, and hands the result to the session grain, which applies it only if the
/// context did not change meanwhile. One pass folds at most <see cref="MaxFoldTokens"/> so a model's input stays bounded;
/// a long backlog takes several passes.
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

    private int MaxFoldTokens => Math.Max(_options.ThresholdTokens, 8_000);

    private ISessionGrain Session => GrainFactory.GetGrain<ISessionGrain>(this.GetPrimaryKeyString());

    public async Task RequestAsync()
    {
        if (_options.ThresholdTokens == 0)
        {
            return;
        }

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
            var pending = await ReadAfterAsync(through ?? 0);
            var pendingTokens = pending.Sum(TokensOf);
            var fold = Fold(pending);
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

            context = summary;
            folded += fold.Count;
            SummaryLog.Summarized(logger, this.GetPrimaryKeyString(), fold.Count, fold[^1].Seq);
        }
    }

    /// <summary>The oldest of <paramref name="pending"/> that leave the recent window alone, at most <see cref="MaxFoldTokens"/> of them.</summary>
    private List<ChatMessage> Fold(IReadOnlyList<ChatMessage> pending)
    {
        var recent = 0;
        long recentTokens = 0;
        for (var i = pending.Count - 1; i >= 0 && recentTokens + TokensOf(pending[i]) <= _options.KeepRecentTokens; i--)
        {
            recentTokens += TokensOf(pending[i]);
            recent++;
        }

        var fold = new List<ChatMessage>();
        long tokens = 0;
        foreach (var message in pending.Take(pending.Count - recent))
        {
            if (fold.Count > 0 && tokens + TokensOf(message) > MaxFoldTokens)
            {
                break;
            }

            fold.Add(message);
            tokens += TokensOf(message);
        }

        return fold;
    }

    private async Task<SituationalContext> SummarizeAsync(SituationalContext? context, IReadOnlyList<ChatMessage> fold)
    {
        var model = _options.Model.ToLowerInvariant();
        var maxChars = _limits.ContextSummaryMaxLength;
        var keyPoints = context?.KeyPoints ?? [];
        string text;
        double confidence;
        if (model == ModelRegistry.DefaultName)
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

    /// <summary>Every message after <paramref name="afterSeq"/> (deleted ones skipped, edited ones as they read now).</summary>
    private async Task<List<ChatMessage>> ReadAfterAsync(long afterSeq)
    {
        var messages = new List<ChatMessage>();
        while (true)
        {
            var page = await Session.GetMessagesAsync(new MessageQuery { AfterSeq = afterSeq, Limit = PageSize });
            messages.AddRange(page);
            if (page.Count < PageSize)
            {
                return messages;
            }

            afterSeq = page[^1].Seq;
        }
    }

    /// <summary>A message's stored token count; about four characters a token when it has none.</summary>
    internal static long TokensOf(ChatMessage message) => message.Tokens ?? (message.Content.Length + 3) / 4;
}
