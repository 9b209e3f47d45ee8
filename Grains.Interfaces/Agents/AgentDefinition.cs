using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// What a caller saves as an agent (<c>PUT /users/{u}/agents/{a}</c>); every save becomes a new version of the
/// <see cref="Agent"/>. Only <see cref="Instructions"/> is required.
/// </summary>
[Immutable]
public sealed record AgentDefinition
{
    /// <summary>A display name; the agent id when null.</summary>
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The system instructions the model gets first in every prompt.</summary>
    public required string Instructions { get; init; }

    /// <summary>A persona id: the user's own persona of that id, else the global one; its data joins the instructions.</summary>
    public string? Persona { get; init; }

    /// <summary>A model name of the silo's configuration (<c>Models:{name}</c>); <c>offline</c> when null.</summary>
    public string? Model { get; init; }

    /// <summary>Options passed to the model on every call.</summary>
    public AgentModelOptions? ModelOptions { get; init; }

    /// <summary>Names of the tools the agent may call (docs/AGENTS.md lists them).</summary>
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>Tools of <see cref="Tools"/> whose every call waits for the user's approval (docs/AGENTS.md, "Approvals").</summary>
    public IReadOnlyList<string>? ApprovalRequired { get; init; }

    /// <summary>How many tokens of the session's newest messages the prompt may hold; <see cref="Agent.DefaultHistoryTokens"/> when null.</summary>
    public int? HistoryTokens { get; init; }

    /// <summary>How the agent recalls and extracts the user's long-term memories; none when null.</summary>
    public AgentMemorySettings? Memory { get; init; }

    /// <summary>Which documents the agent retrieves into its prompts; none when null.</summary>
    public AgentKnowledgeSettings? Knowledge { get; init; }
}

/// <summary>Options of the model calls of an agent.</summary>
/// <param name="Temperature">Sampling temperature, 0 to 2.</param>
/// <param name="MaxOutputTokens">Upper bound of the tokens of one answer.</param>
[Immutable]
public sealed record AgentModelOptions(double? Temperature, int? MaxOutputTokens);
