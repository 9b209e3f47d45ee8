using System.Globalization;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Orleans;

namespace ChatDb.Grains.Agents;

/// <summary>Reads the newest runs of a run id list (a user's agent's, or a user's runs of a global agent).</summary>
internal static class AgentRunLists
{
    /// <summary>
    /// The runs of the last <paramref name="limit"/> ids of <paramref name="runIds"/> (none when null), newest first;
    /// <paramref name="runKey"/> gives a run id's grain key. A limit below 1 is a ValidationError naming <paramref name="subject"/>.
    /// </summary>
    public static async Task<IReadOnlyList<AgentRun>> NewestAsync(
        IGrainFactory grains, RunList? runIds, int limit, Func<string, string> runKey, string subject)
    {
        if (limit < 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{subject}: limit {limit} is rejected by rule 'limit-from-1'."));
        }

        var ids = runIds is null ? [] : await runIds.NewestAsync(limit, subject);
        var runs = await Task.WhenAll(ids.Select(id => grains.GetGrain<IAgentRunGrain>(runKey(id)).GetAsync()));
        return runs.OfType<AgentRun>().ToList();
    }
}
