using System.Diagnostics;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tokens;
using ChatDb.Storage.Keys;
using Orleans;

namespace ChatDb.Grains.Agents;

/// <summary>
/// The memory steps of an agent's turn, the same whether it runs on a session (<see cref="AgentRunGrain"/>) or speaks in a
/// panel (<c>PanelRunGrain</c>): the recall of its user's memories for the turn's input, fitted to the prompt's budget,
/// and the extraction after the turn. Neither ever throws: a failure is an outcome the caller traces in its own trace.
/// </summary>
public static class AgentMemorySteps
{
    /// <summary>What a recall gave.</summary>
    /// <param name="Section">The memories that fit the budget, or null when none does (or the recall failed).</param>
    /// <param name="Memories">Every memory recalled, best first, with whether it is in the prompt; null when the recall failed.</param>
    /// <param name="Tokens">The tokens of the section.</param>
    /// <param name="Error">Why the recall failed (<see cref="AgentMemoryPrompt.Describe"/>), with the exception for the log.</param>
    /// <param name="DurationMs">How long it took.</param>
    public sealed record Recall(AgentMemoryPrompt.Section? Section, IReadOnlyList<AgentRecalledMemory>? Memories, int Tokens, Exception? Error, double DurationMs);

    /// <summary>What an extraction gave: the changes, or why it failed.</summary>
    public sealed record Extraction(MemoryExtractionResult? Result, Exception? Error, double DurationMs);

    /// <summary>
    /// Recalls <see cref="AgentMemorySettings.Recall"/> memories of <paramref name="userId"/> for <paramref name="input"/>
    /// (agent <paramref name="agentId"/>'s own and the user's unscoped ones) and keeps the best that fit
    /// <paramref name="budget"/> tokens; null when the agent recalls nothing or the input is empty.
    /// </summary>
    public static async Task<Recall?> RecallAsync(
        IGrainFactory grains, string userId, string agentId, Agent agent, string? input, int budget, MessageTokenCounter tokens)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(tokens);
        if (agent.Memory.Recall <= 0)
        {
            return null;
        }

        var query = AgentMemoryPrompt.Query(input);
        if (query.Length == 0)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<MemoryHit> hits;
        try
        {
            hits = await grains.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId))
                .RecallAsync(new MemoryRecallQuery { Query = query, K = agent.Memory.Recall, AgentId = agentId });
        }
        catch (Exception error)
        {
            return new Recall(null, null, 0, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // The section joins the system message, whose framing the instructions already counted.
        var section = AgentMemoryPrompt.Fit(hits, budget, text => tokens.Count(text, null) - MessageTokenCounter.PerMessageOverhead);
        return new Recall(
            section.Count == 0 ? null : section,
            [.. hits.Select((hit, rank) => new AgentRecalledMemory(hit.Memory.Id, hit.Score, rank < section.Count))],
            section.Tokens,
            null,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Runs <paramref name="extract"/> when the agent's setting says so (else null), timed, its failure caught.</summary>
    public static async Task<Extraction?> ExtractAsync(Agent agent, Func<Task<MemoryExtractionResult>> extract)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(extract);
        if (!agent.Memory.Extract)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await extract();
            return new Extraction(result, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception error)
        {
            return new Extraction(null, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
