using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// How an agent draws on documents without being asked (docs/AGENTS.md, "Knowledge"): before every model call of a turn
/// it retrieves the chunks that best answer the input, from the user's knowledge base or from the run's session
/// documents, and puts those that fit the budget into its system message. The <c>retrieve</c> tool is separate and stays
/// available either way.
/// </summary>
[Immutable]
public sealed record AgentKnowledgeSettings
{
    /// <summary>The scope of the user's knowledge base (<c>users/{u}/knowledge/</c>).</summary>
    public const string UserScope = "user";

    /// <summary>The scope of the documents of the session the run is in.</summary>
    public const string SessionScope = "session";

    /// <summary>The most chunks one prompt may carry.</summary>
    public const int MaxRetrieve = 20;

    /// <summary>Knowledge off: nothing retrieved into the prompt.</summary>
    public static AgentKnowledgeSettings Off { get; } = new();

    /// <summary>How many chunks to retrieve for the input, 0 to <see cref="MaxRetrieve"/>; 0 (the default) retrieves none.</summary>
    public int Retrieve { get; init; }

    /// <summary>
    /// <see cref="UserScope"/> or <see cref="SessionScope"/>; a definition may leave it out for <see cref="UserScope"/>, and a
    /// saved agent that retrieves always names it.
    /// </summary>
    public string? Scope { get; init; }
}
