using Microsoft.Extensions.AI;
using Orleans;

namespace ChatDb.Grains.Agents.Tools;

/// <summary>Every tool an agent may name: the built-in ones and those of the registered <see cref="IAgentToolSource"/>s.</summary>
public sealed class AgentToolCatalog(IEnumerable<IAgentToolSource> sources, TimeProvider time, Storage.Ids.EntityIdFormat ids)
{
    private readonly IReadOnlyList<IAgentToolSource> _sources = [.. sources];

    /// <summary>All tool names, built-in first.</summary>
    public IReadOnlyList<string> Names => [.. AgentToolNames.All, .. _sources.SelectMany(s => s.Names)];

    public bool IsKnown(string name) =>
        AgentToolNames.All.Contains(name, StringComparer.Ordinal) || _sources.Any(s => s.Offers(name));

    /// <summary>The checks of the sources of <paramref name="names"/> (an MCP server's tool list) when an agent is saved.</summary>
    public async Task CheckAsync(IReadOnlyList<string> names, string subject, CancellationToken cancellationToken = default)
    {
        foreach (var name in names)
        {
            if (_sources.FirstOrDefault(s => s.Offers(name)) is { } source)
            {
                await source.CheckAsync(name, subject, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The tools <paramref name="names"/> acting for <paramref name="context"/>. A name no source offers any more (a
    /// server removed from the configuration) is left out: the model is not offered it, and a call of it gets an error result.
    /// </summary>
    internal IReadOnlyList<AIFunction> For(IReadOnlyList<string> names, IGrainFactory grains, AgentToolContext context)
    {
        var builtIn = new BuiltInTools(grains, time, ids, context.UserId, context.SessionId);
        var tools = new List<AIFunction>();
        foreach (var name in names)
        {
            if (AgentToolNames.All.Contains(name, StringComparer.Ordinal))
            {
                tools.Add(builtIn.Create(name));
            }
            else if (_sources.FirstOrDefault(s => s.Offers(name)) is { } source)
            {
                tools.Add(source.Create(name, context));
            }
        }

        return tools;
    }
}
