using System.Diagnostics;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tokens;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Agents;

/// <summary>
/// The user's long-term memories in a run (docs/AGENTS.md, "Memory"): recalled for the input into the prompt, and
/// extracted from the run's messages after a successful turn. Neither ever fails the run: a failure is a trace event.
/// </summary>
public sealed partial class AgentRunGrain
{
    private IMemoryGrain Memories => GrainFactory.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(_key.UserId));

    /// <summary>
    /// Recalls <see cref="AgentMemorySettings.Recall"/> memories for <paramref name="input"/> (the agent's own and the
    /// user's unscoped ones) and keeps the best that fit <paramref name="budget"/> tokens; traces what was recalled.
    /// </summary>
    private async Task<AgentMemoryPrompt.Section?> RecallMemoriesAsync(Agent agent, Models.ChatMessage input, int budget)
    {
        if (agent.Memory.Recall <= 0)
        {
            return null;
        }

        var query = AgentMemoryPrompt.Query(input.Content);
        if (query.Length == 0)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<MemoryHit> hits;
        try
        {
            hits = await Memories.RecallAsync(new MemoryRecallQuery { Query = query, K = agent.Memory.Recall, AgentId = _key.AgentId });
        }
        catch (Exception error)
        {
            AgentLog.MemoryRecallFailed(_logger, error, _key.UserId, _key.RunId);
            await TraceAsync(Event(AgentTraceKinds.MemoryRecallFailed) with
            {
                Error = AgentMemoryPrompt.Describe(error),
                DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            });
            return null;
        }

        // The section joins the system message, whose framing the instructions already counted.
        var section = AgentMemoryPrompt.Fit(hits, budget, text => _tokens.Count(text, null) - MessageTokenCounter.PerMessageOverhead);
        await TraceAsync(Event(AgentTraceKinds.MemoriesRecalled) with
        {
            Memories = [.. hits.Select((hit, rank) => new AgentRecalledMemory(hit.Memory.Id, hit.Score, rank < section.Count))],
            Tokens = section.Tokens,
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });
        return section.Count == 0 ? null : section;
    }

    /// <summary>
    /// Extracts memories from the session's messages from <paramref name="fromSeq"/> (the run's input onwards) and traces
    /// the counts; a failing extraction is traced and logged, and the run goes on to succeed.
    /// </summary>
    private async Task ExtractMemoriesAsync(Agent agent, string sessionId, long fromSeq)
    {
        if (!agent.Memory.Extract)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await Memories.ExtractAsync(new MemoryExtractionRequest { SessionId = sessionId, FromSeq = fromSeq });
            await TraceAsync(Event(AgentTraceKinds.MemoriesExtracted) with
            {
                Added = result.Added.Count,
                Updated = result.Updated.Count,
                Deleted = result.Deleted.Count,
                DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            });
        }
        catch (Exception error)
        {
            AgentLog.MemoryExtractionFailed(_logger, error, _key.UserId, _key.RunId);
            await TraceAsync(Event(AgentTraceKinds.MemoryExtractionFailed) with
            {
                Error = AgentMemoryPrompt.Describe(error),
                DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            });
        }
    }
}
