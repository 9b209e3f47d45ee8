using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Orleans;

namespace ChatDb.Grains.Panels;

/// <summary>Changing a panel after creation: configuration merged, personas and agents added or removed, and its analytics.</summary>
public sealed partial class PanelGrain
{
    private const int AnalyticsPage = 1000;

    public async Task<Panel> UpdateAsync(PanelPatch patch)
    {
        var panel = RequirePanel();
        if (patch is null)
        {
            throw new ValidationError($"{Subject}: the patch is missing.");
        }

        var adds = ValidatePersonaList(patch.AddPersonas, "addPersonas");
        var removes = ValidatePersonaList(patch.RemovePersonas, "removePersonas");
        if (adds.Intersect(removes, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw new ValidationError($"{Subject}: persona id {IdText.Escape(both)} is rejected by rule 'add-or-remove': it is both added and removed.");
        }

        var addAgents = CheckAgentIds(patch.AddAgents, "addAgents");
        var removeAgents = CheckAgentIds(patch.RemoveAgents, "removeAgents");
        if (addAgents.Intersect(removeAgents).FirstOrDefault() is { } bothAgent)
        {
            throw new ValidationError($"{Subject}: agent {IdText.Escape(bothAgent.Role)} is rejected by rule 'add-or-remove': it is both added and removed.");
        }

        var personas = panel.Personas.Where(p => !removes.Contains(p, StringComparer.Ordinal)).ToList();
        var added = adds.Where(p => !personas.Contains(p, StringComparer.Ordinal)).ToList();
        personas.AddRange(added);
        var agents = (panel.Agents ?? []).Where(a => !removeAgents.Contains(a)).ToList();
        var addedAgents = addAgents.Where(a => !agents.Contains(a)).ToList();
        agents.AddRange(addedAgents);
        if (personas.Count + agents.Count == 0)
        {
            throw new ValidationError($"{Subject}: a panel needs at least one persona or agent; the patch removes them all.");
        }

        EnsureParticipantsWithin(personas.Count, agents.Count);
        await EnsureAgentsExistAsync(addedAgents);
        foreach (var personaId in added)
        {
            await SnapshotPersonaAsync(personaId);
        }

        var updated = panel with
        {
            Personas = personas,
            Agents = agents.Count == 0 ? null : agents,
            Config = JsonMaps.Merge(panel.Config, patch.Config),
        };
        await _panel.WriteOrRevertAsync(updated);
        foreach (var personaId in panel.Personas.Where(p => !personas.Contains(p, StringComparer.Ordinal)))
        {
            await _files.DeleteAsync(this.GetGrainId(), PersonasCollection, personaId + JsonExtension);
        }

        await _events.AppendAndPublishAsync(new PanelUpdated(_panelId, ChatClock.Now(_time), updated));
        return updated;
    }

    public async Task<PanelAnalytics> GetAnalyticsAsync()
    {
        var panel = RequirePanel();
        var byRole = panel.Personas.ToDictionary(p => p, _ => 0L, StringComparer.Ordinal);
        long turns = 0;
        string? lastRole = null;
        DateTimeOffset? first = null, last = null;
        for (long after = 0; after < _messages.Count;)
        {
            var page = await _messages.ReadStoredAsync(after + 1, Math.Min(after + AnalyticsPage, _messages.Count));
            if (page.Count == 0)
            {
                break;
            }

            foreach (var message in page)
            {
                byRole[message.Role] = byRole.GetValueOrDefault(message.Role) + 1;
                turns += message.Role == lastRole ? 0 : 1;
                lastRole = message.Role;
                first ??= message.Timestamp;
                last = message.Timestamp;
            }

            after = page[^1].Seq;
        }

        var insights = (await ListInsightNamesAsync()).Count;
        return new PanelAnalytics(_panelId, _messages.Count, byRole, turns, first, last, insights);
    }

    /// <summary>Keeps a copy of the global persona with the panel when it exists (nothing when it does not).</summary>
    private async Task SnapshotPersonaAsync(string personaId)
    {
        if (await GrainFactory.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona(personaId)).GetAsync() is { } persona)
        {
            await _files.WriteAsync(this.GetGrainId(), PersonasCollection, personaId + JsonExtension, JsonFiles.ToBytes(persona));
        }
    }

    private List<string> ValidatePersonaList(IReadOnlyList<string>? personas, string field)
    {
        var valid = new List<string>();
        foreach (var personaId in personas ?? [])
        {
            ValidatePersonaId(personaId, field);
            if (!valid.Contains(personaId, StringComparer.Ordinal))
            {
                valid.Add(personaId);
            }
        }

        return valid;
    }
}
