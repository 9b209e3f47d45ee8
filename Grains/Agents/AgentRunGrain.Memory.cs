using ChatDb.Grains.Modules;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Agents;

/// <summary>
/// The user's long-term memories in a run (docs/AGENTS.md, "Memory"): recalled for the input into the prompt, and
/// extracted from the run's messages after a successful turn (<see cref="AgentMemorySteps"/>). Neither ever fails the
/// run: a failure is a trace event.
/// </summary>
public sealed partial class AgentRunGrain
{
    /// <summary>
    /// Recalls <see cref="AgentMemorySettings.Recall"/> memories for <paramref name="input"/> (the agent's own and the
    /// user's unscoped ones) and keeps the best that fit <paramref name="budget"/> tokens; traces what was recalled.
    /// </summary>
    private async Task<AgentMemoryPrompt.Section?> RecallMemoriesAsync(Agent agent, Models.ChatMessage input, int budget)
    {
        if (agent.Memory.Recall > 0 && !await UsesModuleAsync(ChatModuleNames.Memory))
        {
            return null;
        }

        if (await AgentMemorySteps.RecallAsync(GrainFactory, _key.UserId, _key.AgentId, agent, input.Content, budget, _tokens) is not { } recall)
        {
            return null;
        }

        if (recall.Error is { } error)
        {
            AgentLog.MemoryRecallFailed(_logger, error, _key.UserId, _key.RunId);
            await TraceAsync(Event(AgentTraceKinds.MemoryRecallFailed) with { Error = AgentMemoryPrompt.Describe(error), DurationMs = recall.DurationMs });
            return null;
        }

        await TraceAsync(Event(AgentTraceKinds.MemoriesRecalled) with { Memories = recall.Memories, Tokens = recall.Tokens, DurationMs = recall.DurationMs });
        return recall.Section;
    }

    /// <summary>
    /// Extracts memories from the session's messages from <paramref name="fromSeq"/> (the run's input onwards) and traces
    /// the counts; a failing extraction is traced and logged, and the run goes on to succeed.
    /// </summary>
    private async Task ExtractMemoriesAsync(Agent agent, string sessionId, long fromSeq)
    {
        if (agent.Memory.Extract && !await UsesModuleAsync(ChatModuleNames.Memory))
        {
            return;
        }

        var memories = GrainFactory.GetGrain<IMemoryGrain>(Storage.Keys.ChatGrainKeys.Memory(_key.UserId));
        if (await AgentMemorySteps.ExtractAsync(agent, () => memories.ExtractAsync(new MemoryExtractionRequest { SessionId = sessionId, FromSeq = fromSeq }))
            is not { } extraction)
        {
            return;
        }

        if (extraction.Result is { } result)
        {
            await TraceAsync(Event(AgentTraceKinds.MemoriesExtracted) with
            {
                Added = result.Added.Count,
                Updated = result.Updated.Count,
                Deleted = result.Deleted.Count,
                DurationMs = extraction.DurationMs,
            });
            return;
        }

        AgentLog.MemoryExtractionFailed(_logger, extraction.Error!, _key.UserId, _key.RunId);
        await TraceAsync(Event(AgentTraceKinds.MemoryExtractionFailed) with { Error = AgentMemoryPrompt.Describe(extraction.Error!), DurationMs = extraction.DurationMs });
    }
}
