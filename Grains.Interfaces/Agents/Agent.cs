using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// One version of an agent definition: a user's (<c>users/{user_id}/agents/{id}.json</c>) or, when
/// <see cref="UserId"/> is null, a global one (<c>agents_global/{id}.json</c>). Every version n is also kept as
/// <c>.../versions/{id}/v{n}.json</c>.
/// </summary>
/// <param name="Id">Agent id.</param>
/// <param name="UserId">Owner, or null for a global agent.</param>
/// <param name="Version">Version number, from 1, increased on every save.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">What the agent is for; null when not given.</param>
/// <param name="Instructions">System instructions.</param>
/// <param name="Persona">Persona id whose data joins the instructions; null for none.</param>
/// <param name="Model">Model name of the configuration (<c>Models:{name}</c>).</param>
/// <param name="ModelOptions">Options of every model call; null for the model's defaults.</param>
/// <param name="Tools">Tools the agent may call.</param>
/// <param name="HistoryTokens">Token budget of the session history in the prompt.</param>
/// <param name="UpdatedAt">Time of this version, UTC.</param>
[Immutable]
public sealed record Agent(
    string Id,
    string? UserId,
    int Version,
    string Name,
    string? Description,
    string Instructions,
    string? Persona,
    string Model,
    AgentModelOptions? ModelOptions,
    IReadOnlyList<string> Tools,
    int HistoryTokens,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Tools of <see cref="Tools"/> whose every call waits for the user's approval.</summary>
    public IReadOnlyList<string> ApprovalRequired { get; init; } = [];

    /// <summary>How the agent recalls and extracts the user's long-term memories (<see cref="AgentMemorySettings.Off"/> for a version saved without).</summary>
    public AgentMemorySettings Memory { get; init; } = AgentMemorySettings.Off;

    /// <summary>Which documents the agent retrieves into its prompts (<see cref="AgentKnowledgeSettings.Off"/> for a version saved without).</summary>
    public AgentKnowledgeSettings Knowledge { get; init; } = AgentKnowledgeSettings.Off;

    /// <summary>The history budget of an agent saved without one.</summary>
    public const int DefaultHistoryTokens = 4000;

    /// <summary>The largest history budget an agent may ask for.</summary>
    public const int MaxHistoryTokens = 1_000_000;
}

/// <summary>One stored version of an agent.</summary>
/// <param name="Version">Version number, from 1.</param>
/// <param name="SizeBytes">Size of the stored version document.</param>
/// <param name="StoredAt">When the version file was written.</param>
[Immutable]
public sealed record AgentVersionInfo(int Version, long SizeBytes, DateTimeOffset StoredAt);

/// <summary>A configured model as <c>GET /models</c> shows it: never its endpoint's key.</summary>
/// <param name="Name">The name agents use (<c>Models:{name}</c>).</param>
/// <param name="Provider"><c>offline</c>, <c>openai</c> or <c>ollama</c>.</param>
/// <param name="Kind"><c>chat</c> or <c>embedding</c>.</param>
/// <param name="Model">The provider's model id.</param>
/// <param name="IsDefault">Whether agents without a model use it.</param>
/// <param name="TimeoutSeconds">How long one call may take.</param>
/// <param name="AcceptsImages">Whether agent runs give it images as image content (docs/MULTIMODAL.md); others get a text placeholder.</param>
[Immutable]
public sealed record ModelInfo(string Name, string Provider, string Kind, string Model, bool IsDefault, int TimeoutSeconds, bool AcceptsImages = false);
