using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

/// <summary>Panel runs over Orleans: each call goes to the run's grain (<see cref="IPanelRunGrain"/>).</summary>
public sealed partial class ChatDbClient
{
    public Task<Panel> CreateAgentPanelAsync(
        string panelType, IReadOnlyList<string>? personas, IReadOnlyList<PanelAgent> agents, Dictionary<string, JsonElement>? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agents);
        return _client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelWithAgentsAsync(panelType, personas, agents, config).WaitAsync(cancellationToken);
    }

    public async Task<PanelRun> RunPanelAsync(string panelId, PanelRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var grain = PanelRun(panelId, ChatGrainKeys.NewRunId());
        using var cancel = cancellationToken.Register(() => _ = grain.CancelAsync());
        return await grain.RunAsync(request).ConfigureAwait(false);
    }

    public Task<PanelRun> StartPanelRunAsync(string panelId, PanelRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PanelRun(panelId, ChatGrainKeys.NewRunId()).StartAsync(request).WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<PanelRun>> ListPanelRunsAsync(string panelId, int? limit = null, CancellationToken cancellationToken = default) =>
        Panel(panelId).ListRunsAsync(limit ?? DefaultRunPage).WaitAsync(cancellationToken);

    public Task<PanelRun?> GetPanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default) =>
        PanelRun(panelId, runId).GetAsync().WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<PanelTraceEvent>> GetPanelRunTraceAsync(string panelId, string runId, CancellationToken cancellationToken = default)
    {
        var grain = PanelRun(panelId, runId);
        _ = await grain.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError($"run {runId} of panel {panelId} does not exist.");
        return await grain.GetTraceAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<PanelTraceEvent> FollowPanelRunTraceAsync(
        string panelId, string runId, long after = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var grain = PanelRun(panelId, runId);
        _ = await grain.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError($"run {runId} of panel {panelId} does not exist.");
        await foreach (var traceEvent in grain.FollowTraceAsync(after, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return traceEvent;
        }
    }

    public Task<PanelRun?> CancelPanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default) =>
        PanelRun(panelId, runId).CancelAsync().WaitAsync(cancellationToken);

    public Task<PanelRun> ResumePanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default) =>
        PanelRun(panelId, runId).ResumeAsync().WaitAsync(cancellationToken);

    private IPanelRunGrain PanelRun(string panelId, string runId) =>
        _client.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(ClientIds.Require(panelId, "panel id"), ClientIds.Require(runId, "run id")));
}
