using System.Globalization;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Panels;

/// <summary>
/// The turns: one agent at a time (or all at once for <c>concurrent</c>), each chosen by the strategy, its message appended to
/// the panel, the run record written after it; then the termination rules. A failing agent is skipped, never waited for.
/// </summary>
public sealed partial class PanelRunGrain
{
    /// <summary>Who speaks next and why; <see cref="EndsRun"/>: the moderator ended the discussion instead.</summary>
    private sealed record SpeakerChoice(PanelAgent? Speaker, string Reason, double? Score = null, bool EndsRun = false);

    /// <summary>An agent's turn as appended.</summary>
    private sealed record SpokenTurn(PanelRunTurn Turn, string Text, PanelAgent? HandoffTo, string? HandoffName);

    private async Task<PanelRun> TurnsAsync(PanelRun run, CancellationToken cancellationToken)
    {
        var panel = await Panel.GetAsync() ?? throw new Storage.NotFoundError($"panel {_panelId} does not exist.");
        var agents = panel.Agents ?? [];
        ForgetRunCaches();
        run = await AppendInputAsync(run);
        if (run.Strategy == PanelStrategies.Concurrent)
        {
            return await ConcurrentAsync(run, agents, cancellationToken);
        }

        var lastText = await LastTextAsync(run);
        var previous = run.Turns.Count == 0 ? null : PanelAgent.FromRole(run.Turns[^1].Role);
        PanelAgent? handoffTo = null;
        string? handoffReason = null;
        var failedInRow = new List<PanelAgent>();
        while (run.Turns.Count < run.MaxTurns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var turn = run.Turns.Count + 1;
            SpeakerChoice choice;
            if (handoffTo is not null)
            {
                choice = new SpeakerChoice(handoffTo, handoffReason!);
            }
            else
            {
                (choice, run) = await ChooseAsync(run, agents, previous, lastText, failedInRow, turn, cancellationToken);
            }

            if (choice.EndsRun)
            {
                return await EndAsync(run, Models.AgentRunStatuses.Succeeded, PanelStopReasons.Moderator, null);
            }

            var speaker = choice.Speaker!;
            handoffTo = null;
            await TraceAsync(Event(PanelTraceKinds.SpeakerSelected, turn) with { Speaker = speaker.Role, Reason = choice.Reason, Score = choice.Score });
            previous = speaker;
            SpokenTurn spoken;
            try
            {
                (spoken, run) = await SpeakTurnAsync(run, speaker, choice.Reason, agents, run.Strategy == PanelStrategies.Handoff, turn, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                await TraceAsync(Event(PanelTraceKinds.ParticipantFailed, turn) with { Speaker = speaker.Role, Error = Describe(error) });
                failedInRow.Add(speaker);
                if (failedInRow.Distinct().Count() >= agents.Count)
                {
                    return await EndAsync(run, Models.AgentRunStatuses.Failed, PanelStopReasons.Error,
                        $"every agent of the panel failed its turn in a row ({string.Join(", ", failedInRow.Distinct().Select(a => a.Role))}); see the trace.");
                }

                continue;
            }

            failedInRow.Clear();
            lastText = spoken.Text;
            if (Terminated(run, spoken.Text) is { } stop)
            {
                return await EndAsync(run, Models.AgentRunStatuses.Succeeded, stop, null);
            }

            if (run.Strategy == PanelStrategies.Handoff)
            {
                if (spoken.HandoffName is null)
                {
                    // An answer without a handoff is the conversation's answer.
                    return await EndAsync(run, Models.AgentRunStatuses.Succeeded, PanelStopReasons.Completed, null);
                }

                if (spoken.HandoffTo is { } target)
                {
                    handoffTo = target;
                    handoffReason = $"handoff from {speaker.Role}";
                    await TraceAsync(Event(PanelTraceKinds.Handoff, turn) with { Speaker = target.Role, Reason = handoffReason });
                }
                else
                {
                    await TraceAsync(Event(PanelTraceKinds.SelectionFallback, turn) with
                    {
                        Speaker = speaker.Role,
                        Reason = $"handoff to {spoken.HandoffName} names no agent of the panel; the next agent in order speaks",
                    });
                }
            }
        }

        return await EndAsync(run, Models.AgentRunStatuses.Succeeded, PanelStopReasons.MaxTurns, null);
    }

    /// <summary>The stop phrase in the text, or the token budget used up; null when the run goes on.</summary>
    private static string? Terminated(PanelRun run, string text)
    {
        if (run.StopPhrase is { } phrase && text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
        {
            return PanelStopReasons.StopPhrase;
        }

        return run.TokenBudget is { } budget && run.Usage.InputTokens + run.Usage.OutputTokens >= budget ? PanelStopReasons.TokenBudget : null;
    }

    /// <summary>The next speaker by the strategy (round_robin, router, selector; handoff opens and falls back in order).</summary>
    private async Task<(SpeakerChoice Choice, PanelRun Run)> ChooseAsync(
        PanelRun run, IReadOnlyList<PanelAgent> agents, PanelAgent? previous, string lastText, List<PanelAgent> failed, int turn, CancellationToken cancellationToken)
    {
        switch (run.Strategy)
        {
            case PanelStrategies.Router:
                return await RouteAsync(run, agents, previous, lastText, failed, turn, cancellationToken);
            case PanelStrategies.Selector:
                return await SelectAsync(run, agents, previous, turn, cancellationToken);
            case PanelStrategies.Handoff when previous is null:
                return (new SpeakerChoice(agents[0], "handoff: the first agent opens"), run);
            default:
                var next = NextInOrder(agents, previous);
                return (new SpeakerChoice(next, previous is null
                    ? "round robin: the first agent opens"
                    : $"round robin: next after {previous.Role}"), run);
        }
    }

    /// <summary>The agent after <paramref name="previous"/> in panel order (the first when none spoke or it left the panel).</summary>
    private static PanelAgent NextInOrder(IReadOnlyList<PanelAgent> agents, PanelAgent? previous)
    {
        var index = previous is null ? -1 : agents.ToList().IndexOf(previous);
        return agents[(index + 1) % agents.Count];
    }

    /// <summary>
    /// Appends the input as the panel's <c>user</c> message once (idempotent by its id), and traces it. Its seq is kept in
    /// memory: after a restart it is found again in the panel's log (<see cref="RecoverFromPanelAsync"/>).
    /// </summary>
    private async Task<PanelRun> AppendInputAsync(PanelRun run)
    {
        if (run.InputSeq is not null)
        {
            return run;
        }

        var input = await Panel.AddMessageAsync(new NewMessage { Role = PanelRoles.User, Content = run.Input, Id = run.MessageId, Metadata = RunMetadata() });
        Appended(input);
        run = run with { InputSeq = input.Seq };
        Keep(run);
        await TraceAsync(Event(PanelTraceKinds.MessageAppended) with { Role = input.Role, MessageSeq = input.Seq, Text = input.Content });
        return run;
    }

    /// <summary>The newest text of the run: its last turn's message (read back after a resume), else the input.</summary>
    private async Task<string> LastTextAsync(PanelRun run)
    {
        if (run.Turns.Count == 0)
        {
            return run.Input;
        }

        var seq = run.Turns[^1].Seq;
        var messages = await Panel.GetMessagesAsync(new MessageQuery { AfterSeq = seq - 1, Limit = 1 });
        return messages is [{ } message] && message.Seq == seq ? message.Content : run.Input;
    }

    private static string Describe(Exception error) => error switch
    {
        OperationCanceledException or TimeoutException => "the model did not answer in time",
        _ => $"{error.GetType().Name}: {error.Message}",
    };

    private static string Percent(double score) => score.ToString("0.000", CultureInfo.InvariantCulture);
}
