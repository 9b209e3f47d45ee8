using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Client;

public partial interface IChatDb
{
    // === Panel runs (docs/MULTI_AGENT.md) ===

    /// <summary>A panel of user agents (<c>{userId, agentId}</c>) and, optionally, personas; NotFoundError for an agent that does not exist.</summary>
    Task<Panel> CreateAgentPanelAsync(
        string panelType, IReadOnlyList<string>? personas, IReadOnlyList<PanelAgent> agents, Dictionary<string, JsonElement>? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a conversation among the panel's agents and returns the ended run.</summary>
    Task<PanelRun> RunPanelAsync(string panelId, PanelRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts a run and returns it <c>queued</c>; follow it with <see cref="FollowPanelRunTraceAsync"/>.</summary>
    Task<PanelRun> StartPanelRunAsync(string panelId, PanelRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>The panel's runs, newest first.</summary>
    Task<IReadOnlyList<PanelRun>> ListPanelRunsAsync(string panelId, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>The run, or null when there is none.</summary>
    Task<PanelRun?> GetPanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default);

    /// <summary>The run's trace, oldest first; NotFoundError for no run.</summary>
    Task<IReadOnlyList<PanelTraceEvent>> GetPanelRunTraceAsync(string panelId, string runId, CancellationToken cancellationToken = default);

    /// <summary>The trace events after <paramref name="after"/>, then the new ones until the run ends.</summary>
    IAsyncEnumerable<PanelTraceEvent> FollowPanelRunTraceAsync(string panelId, string runId, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>Cancels a queued or running run (its turns stay); the run as it is, null when there is none.</summary>
    Task<PanelRun?> CancelPanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Continues a failed or cancelled run after its last completed turn; returns it <c>running</c>.</summary>
    Task<PanelRun> ResumePanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default);
}
