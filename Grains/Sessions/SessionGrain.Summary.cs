using ChatDb.Grains.Models;
using Orleans;

namespace ChatDb.Grains.Sessions;

/// <summary>Asks the session's summary grain to look after every <c>Memory:Summary:ThresholdTokens / 4</c> tokens appended.</summary>
public sealed partial class SessionGrain
{
    // Counted since activation only: the summary grain reads the real backlog from the log, so a count lost with the
    // activation merely delays its next look by a quarter of the threshold.
    private long _tokensSinceSummaryCheck;
    private ISessionSummaryGrain? _summaryGrain;

    private void CountTowardsSummary(IReadOnlyList<ChatMessage> added)
    {
        if (_summary.ThresholdTokens == 0)
        {
            return;
        }

        foreach (var message in added)
        {
            _tokensSinceSummaryCheck += Summary.SessionSummaryGrain.TokensOf(message);
        }

        if (_tokensSinceSummaryCheck >= _summary.CheckEveryTokens)
        {
            _tokensSinceSummaryCheck = 0;
            // A batch writer crosses the mark with nearly every batch: the reference is resolved once per activation.
            _summaryGrain ??= GrainFactory.GetGrain<ISessionSummaryGrain>(this.GetPrimaryKeyString());
            _summaryGrain.RequestAsync().Ignore();
        }
    }
}
