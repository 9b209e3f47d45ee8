using System.Globalization;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Grains.Panels;

/// <summary>The run ids of a panel, oldest first (state <c>runs</c> of the panel grain, <c>panel_sessions/{p}/runs.json</c>).</summary>
public sealed class PanelRunIndex
{
    public List<string> RunIds { get; set; } = [];
}

/// <summary>The panel's multi-agent runs: their grains remember themselves here as they start.</summary>
public sealed partial class PanelGrain
{
    private readonly IPersistentState<PanelRunIndex> _runs;
    private readonly SemaphoreSlim _runsGate = new(1, 1);

    public async Task<IReadOnlyList<PanelRun>> ListRunsAsync(int limit)
    {
        RequirePanel();
        if (limit < 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{Subject}: limit {limit} is rejected by rule 'limit-from-1'."));
        }

        var ids = _runs.State.RunIds.AsEnumerable().Reverse().Take(limit).ToList();
        var runs = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(_panelId, id)).GetAsync()));
        return runs.OfType<PanelRun>().ToList();
    }

    public async Task OnRunCreatedAsync(string runId)
    {
        ChatGrainKeys.RunId(runId);
        await _runsGate.WaitAsync();
        try
        {
            if (!_runs.State.RunIds.Contains(runId, StringComparer.Ordinal))
            {
                await _runs.WriteOrRevertAsync(new PanelRunIndex { RunIds = [.. _runs.State.RunIds, runId] });
            }
        }
        finally
        {
            _runsGate.Release();
        }
    }
}
