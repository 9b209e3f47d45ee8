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
        var valid = new List<PanelAgent>();
        foreach (var agent in agents ?? [])
        {
            if (agent is null)
            {
                throw new ValidationError($"{Subject}: an entry of agents is missing; each is {{userId, agentId}}.");
            }

            var checkedAgent = new PanelAgent(
                EntityIdValidator.Validate(agent.UserId, "user id in agents"),
                ChatGrainKeys.AgentId(agent.AgentId));
            if (valid.Contains(checkedAgent))
            {
                throw new ValidationError($"{Subject}: agent {IdText.Escape(checkedAgent.Role)} is rejected by rule 'distinct-agents': it is listed twice.");
            }

            valid.Add(checkedAgent);
        }

        StorageLimits.EnsureWithin(nameof(_options.PanelMaxPersonas), _options.PanelMaxPersonas, personaCount + valid.Count, $"persona and agent count of {Subject}");
        foreach (var agent in valid)
        {
            if (await GrainFactory.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(agent.UserId, agent.AgentId)).GetAsync() is null)
            {
                throw new NotFoundError($"{Subject}: agent {agent.AgentId} of user {agent.UserId} does not exist.");
            }
        }

        return valid;
    }
}
