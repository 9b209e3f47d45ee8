using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using Orleans;

namespace ChatDb.Grains.Knowledge;

/// <summary>
/// The <c>retrieve</c> tool (docs/RAG.md, "Agents"): the chunks of the agent owner's knowledge base, or of the run's
/// session documents, that best answer a query. It acts for the run's user only, through the user's knowledge grain.
/// </summary>
public sealed class KnowledgeToolSource(IGrainFactory grains, ChatModuleSet modules) : IAgentToolSource
{
    public const string RetrieveToolName = "retrieve";

    /// <summary>The most chunks one tool call returns.</summary>
    public const int MaxToolChunks = 10;

    public IReadOnlyList<string> Names { get; } = [RetrieveToolName];

    public bool Offers(string name) => string.Equals(name, RetrieveToolName, StringComparison.Ordinal);

    public AIFunction Create(string name, AgentToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AIFunctionFactory.Create(
            async (string query, int? k = null, string? scope = null) =>
            {
                // With rag off the call fails as a tool error the run records and goes on from (docs/MODULES.md).
                modules.EnsureEnabled(ChatModuleNames.Rag);
                var session = string.Equals(scope, "session", StringComparison.OrdinalIgnoreCase)
                    ? context.SessionId ?? throw new ValidationError($"{RetrieveToolName}: scope 'session' needs a run in a session; a panel run has none.")
                    : null;
                var hits = await grains.GetGrain<IKnowledgeGrain>(ChatGrainKeys.Knowledge(context.UserId)).RetrieveAsync(new KnowledgeQuery
                {
                    Query = query,
                    K = Math.Clamp(k ?? KnowledgeQuery.DefaultK, 1, MaxToolChunks),
                    SessionId = session,
                });
                return hits.Select(h => new { filename = h.Filename, position = h.Position, chunk = h.Chunk, score = h.Score }).ToList();
            },
            RetrieveToolName,
            "Finds the passages of the user's documents that best answer a query: the user's knowledge base by default, "
                + "or the documents of the current session with scope \"session\". Returns up to k (default 5, at most 10) chunks with filename and position.");
    }
}
