using ChatDb.Grains.Agents;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Panels;

/// <summary>
/// A speaking agent's memory setting in a panel run, as in its own runs (<see cref="AgentMemorySteps"/>): its user's
/// memories recalled for the message it answers into its prompt, and extracted from the panel's messages after its turn.
/// Neither ever fails the turn or the run: a failure is a trace event. An agent that recalls and extracts nothing costs
/// the turn nothing.
/// </summary>
public sealed partial class PanelRunGrain
{
    /// <summary>The newest panel seq each agent's memories were extracted through in the executing run.</summary>
    private readonly Dictionary<string, long> _extractedThrough = new(StringComparer.Ordinal);

    /// <summary>Recalls the speaker's memories for <paramref name="input"/> within <paramref name="budget"/> tokens and traces what it got.</summary>
    private async Task<AgentMemoryPrompt.Section?> RecallMemoriesAsync(PanelAgent speaker, Agent definition, string? input, int budget, int turn)
    {
        if (await AgentMemorySteps.RecallAsync(GrainFactory, speaker.UserId, speaker.AgentId, definition, input, budget, _tokens) is not { } recall)
        {
            return null;
        }

        if (recall.Error is { } error)
        {
            AgentLog.MemoryRecallFailed(_logger, error, speaker.UserId, _runId);
            await TraceAsync(Event(PanelTraceKinds.MemoryRecallFailed, turn) with
            {
                Speaker = speaker.Role,
                Error = AgentMemoryPrompt.Describe(error),
                DurationMs = recall.DurationMs,
            });
            return null;
        }

        await TraceAsync(Event(PanelTraceKinds.MemoriesRecalled, turn) with
        {
            Speaker = speaker.Role,
            Memories = recall.Memories,
            Tokens = recall.Tokens,
            DurationMs = recall.DurationMs,
        });
        return recall.Section;
    }

    /// <summary>
    /// After <paramref name="speaker"/>'s turn (its message <paramref name="turnSeq"/>): when its setting extracts, the panel's
    /// messages since its previous turn of the run (the run's input at its first) go to its user's memory extraction.
    /// </summary>
    private async Task ExtractMemoriesAsync(PanelRun run, PanelAgent speaker, long turnSeq, int turn)
    {
        if (!_speakers.TryGetValue(speaker.Role, out var setup) || !setup.Definition.Memory.Extract
            || !await UsesModuleAsync(ChatModuleNames.Memory, speaker, turn))
        {
            return;
        }

        var fromSeq = _extractedThrough.TryGetValue(speaker.Role, out var through) ? through + 1 : run.InputSeq ?? turnSeq;
        var memories = GrainFactory.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(speaker.UserId));
        if (await AgentMemorySteps.ExtractAsync(setup.Definition, () => memories.ExtractFromPanelAsync(_panelId, fromSeq)) is not { } extraction)
        {
            return;
        }

        _extractedThrough[speaker.Role] = turnSeq;
        if (extraction.Result is { } result)
        {
            await TraceAsync(Event(PanelTraceKinds.MemoriesExtracted, turn) with
            {
                Speaker = speaker.Role,
                Added = result.Added.Count,
                Updated = result.Updated.Count,
                Deleted = result.Deleted.Count,
                DurationMs = extraction.DurationMs,
            });
            return;
        }

        AgentLog.MemoryExtractionFailed(_logger, extraction.Error!, speaker.UserId, _runId);
        await TraceAsync(Event(PanelTraceKinds.MemoryExtractionFailed, turn) with
        {
            Speaker = speaker.Role,
            Error = AgentMemoryPrompt.Describe(extraction.Error!),
            DurationMs = extraction.DurationMs,
        });
    }
}
