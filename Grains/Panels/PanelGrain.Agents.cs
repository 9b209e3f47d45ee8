using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Panels;

/// <summary>User agents taking part in a panel: checked at creation, they speak with the role <c>{userId}/{agentId}</c>.</summary>
public sealed partial class PanelGrain
{
    /// <summary>Each agent's ids follow the id rules, it is listed once, and it exists.</summary>
    private async Task<List<PanelAgent>> ValidateAgentsAsync(IReadOnlyList<PanelAgent>? agents, int personaCount)
    {
        var valid = CheckAgentIds(agents, "agents");
        EnsureParticipantsWithin(personaCount, valid.Count);
        await EnsureAgentsExistAsync(valid);
        return valid;
    }

    /// <summary>The agents of <paramref name="field"/> with their ids checked by the id rules, each listed once.</summary>
    private List<PanelAgent> CheckAgentIds(IReadOnlyList<PanelAgent>? agents, string field)
    {
        var valid = new List<PanelAgent>();
        foreach (var agent in agents ?? [])
        {
            if (agent is null)
            {
                throw new ValidationError($"{Subject}: an entry of {field} is missing; each is {{userId, agentId}}.");
            }

            var checkedAgent = new PanelAgent(
                EntityIdValidator.Validate(agent.UserId, $"user id in {field}"),
                ChatGrainKeys.AgentId(agent.AgentId));
            if (valid.Contains(checkedAgent))
            {
                throw new ValidationError($"{Subject}: agent {IdText.Escape(checkedAgent.Role)} is rejected by rule 'distinct-agents': it is listed twice in {field}.");
            }

            valid.Add(checkedAgent);
        }

        return valid;
    }

    /// <summary>Personas and agents together within <c>Storage:PanelMaxPersonas</c>; the error names the limit and the counts.</summary>
    private void EnsureParticipantsWithin(int personaCount, int agentCount) =>
        StorageLimits.EnsureWithin(nameof(_options.PanelMaxPersonas), _options.PanelMaxPersonas, personaCount + agentCount,
            $"persona and agent count of {Subject} ({personaCount} persona(s) and {agentCount} agent(s))");

    private async Task EnsureAgentsExistAsync(IEnumerable<PanelAgent> agents)
    {
        foreach (var agent in agents)
        {
            if (await GrainFactory.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(agent.UserId, agent.AgentId)).GetAsync() is null)
            {
                throw new NotFoundError($"{Subject}: agent {agent.AgentId} of user {agent.UserId} does not exist.");
            }
        }
    }
}
