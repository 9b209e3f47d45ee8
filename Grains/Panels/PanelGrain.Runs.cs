using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Panels;

/// <summary>
/// The panel's multi-agent runs: their grains remember themselves here as they start, in the append-only log
/// <c>runs</c> (<c>panel_sessions/{p}/runs.jsonl</c>, <see cref="RunList"/>).
/// </summary>
public sealed partial class PanelGrain
{
    private readonly RunList _runs;

    public async Task<IReadOnlyList<PanelRun>> ListRunsAsync(int limit)
    {
        RequirePanel();
        var ids = await _runs.NewestAsync(limit, Subject);
        var runs = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(_panelId, id)).GetAsync()));
        return runs.OfType<PanelRun>().ToList();
    }

    public async Task OnRunCreatedAsync(string runId)
    {
        ChatGrainKeys.RunId(runId);
        await _runs.AddAsync(runId);
    }
}
