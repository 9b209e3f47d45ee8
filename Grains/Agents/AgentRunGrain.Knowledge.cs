using System.Diagnostics;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Grains.Tokens;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Agents;

/// <summary>
/// Documents as automatic context (docs/AGENTS.md, "Knowledge"): when the agent asks for it, the chunks of the user's
/// knowledge base or of the session's documents that best answer the input join the prompt, within the budget left
/// after the instructions and the input. It never fails the run: a failed retrieval is a trace event, and with the
/// rag module off nothing is retrieved and the trace says so once.
/// </summary>
public sealed partial class AgentRunGrain
{
    /// <summary>The retrieved chunks that fit, as one prompt section.</summary>
    /// <param name="Text">The section (<see cref="KnowledgePromptSection"/>).</param>
    /// <param name="Tokens">Its tokens.</param>
    private sealed record KnowledgeSection(string Text, int Tokens);

    /// <summary>
    /// Retrieves <see cref="AgentKnowledgeSettings.Retrieve"/> chunks for <paramref name="input"/> in the agent's scope and
    /// keeps the best that fit <paramref name="budget"/> tokens (<see cref="RankedPromptFit"/>); traces what was retrieved.
    /// </summary>
    private async Task<KnowledgeSection?> RetrieveKnowledgeAsync(Agent agent, string sessionId, Models.ChatMessage input, int budget)
    {
        var query = AgentMemoryPrompt.Query(input.Content);
        if (agent.Knowledge.Retrieve <= 0 || query.Length == 0 || !await UsesModuleAsync(ChatModuleNames.Rag))
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<KnowledgeHit> hits;
        try
        {
            hits = await GrainFactory.GetGrain<IKnowledgeGrain>(ChatGrainKeys.Knowledge(_key.UserId)).RetrieveAsync(new KnowledgeQuery
            {
                Query = query.Length <= KnowledgeQuery.MaxQueryChars ? query : query[..KnowledgeQuery.MaxQueryChars],
                K = agent.Knowledge.Retrieve,
                SessionId = agent.Knowledge.Scope == AgentKnowledgeSettings.SessionScope ? sessionId : null,
            });
        }
        catch (Exception error)
        {
            AgentLog.KnowledgeRetrievalFailed(_logger, error, _key.UserId, _key.RunId);
            await TraceAsync(Event(AgentTraceKinds.KnowledgeRetrievalFailed) with
            {
                Error = AgentMemoryPrompt.Describe(error),
                DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            });
            return null;
        }

        // The section joins the system message, whose framing the instructions already counted.
        int Count(string text) => _tokens.Count(text, null) - MessageTokenCounter.PerMessageOverhead;
        var (entries, tokens) = RankedPromptFit.Prefix(
            hits, hit => KnowledgePromptSection.Entry(hit.Filename, hit.Position, hit.Chunk), KnowledgePromptSection.Frame, budget, Count);

        await TraceAsync(Event(AgentTraceKinds.KnowledgeRetrieved) with
        {
            Chunks = [.. hits.Select((hit, rank) => new AgentRetrievedChunk(hit.Filename, hit.Position, hit.Score, rank < entries.Count))],
            Tokens = tokens,
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });
        return entries.Count == 0 ? null : new KnowledgeSection(KnowledgePromptSection.Format(entries), tokens);
    }
}
