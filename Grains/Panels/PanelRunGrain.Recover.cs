using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Panels;

/// <summary>
/// A run cut off by a stopping silo, made whole from the panel's log: every panel message carries the id of the run that
/// appended it, so the input and the completed turns after the last ones the record holds are found there again.
/// </summary>
public sealed partial class PanelRunGrain
{
    /// <summary>Panel messages read per call while recovering.</summary>
    private const int RecoverPage = 500;

    /// <summary>The reason of a recovered turn whose selection is not in the trace.</summary>
    public const string RecoveredReason = "recovered from the panel's log after a restart";

    /// <summary>
    /// <paramref name="run"/> with the input seq and the turns the panel's log holds beyond what the record has; the reasons
    /// and the token usage come from the trace where it has them.
    /// </summary>
    private async Task<PanelRun> RecoverFromPanelAsync(PanelRun run)
    {
        var after = run.Turns.Count > 0 ? run.Turns[^1].Seq : run.InputSeq ?? 0;
        var found = new List<Models.ChatMessage>();
        while (true)
        {
            var page = await Panel.GetMessagesAsync(new MessageQuery { AfterSeq = after, Limit = RecoverPage });
            // An agent's tool traffic belongs to its turn and is no turn of its own.
            found.AddRange(page.Where(m => IsOfThisRun(m) && !IsToolTraffic(m)));
            if (page.Count < RecoverPage)
            {
                break;
            }

            after = page[^1].Seq;
        }

        if (found.Count == 0)
        {
            return run;
        }

        var trace = await GetTraceAsync();
        var turnOfMessage = trace.Where(e => e.Kind == PanelTraceKinds.MessageAppended && e.MessageSeq is not null && e.Turn is not null)
            .GroupBy(e => e.MessageSeq!.Value).ToDictionary(g => g.Key, g => g.Last().Turn!.Value);
        var turns = run.Turns.ToList();
        var inputSeq = run.InputSeq;
        foreach (var message in found)
        {
            if (message.Role == PanelRoles.User)
            {
                inputSeq ??= message.Seq;
            }
            else if (PanelAgent.FromRole(message.Role) is { } agent)
            {
                var reason = turnOfMessage.TryGetValue(message.Seq, out var turn)
                    ? trace.LastOrDefault(e => e.Kind == PanelTraceKinds.SpeakerSelected && e.Turn == turn && e.Speaker == message.Role)?.Reason
                    : null;
                turns.Add(new PanelRunTurn(message.Seq, message.Role, agent.AgentId, reason ?? RecoveredReason));
            }
        }

        var calls = trace.Where(e => e.Kind == PanelTraceKinds.ModelCalled).ToList();
        var usage = new AgentRunUsage(
            Math.Max(run.Usage.InputTokens, calls.Sum(e => e.InputTokens ?? 0)),
            Math.Max(run.Usage.OutputTokens, calls.Sum(e => e.OutputTokens ?? 0)));
        return run with { InputSeq = inputSeq, Turns = turns, Usage = usage };
    }

    private bool IsOfThisRun(Models.ChatMessage message) =>
        message.Metadata is { } metadata
        && metadata.TryGetValue(RunIdMetadata, out var runId)
        && runId.ValueKind == JsonValueKind.String
        && runId.GetString() == _runId;
}
