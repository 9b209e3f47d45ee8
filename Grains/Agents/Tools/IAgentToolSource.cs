using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.Tools;

/// <summary>
/// Tools beyond the built-in ones (the MCP servers of the configuration, or a host's own): registered as singletons,
/// they join <see cref="AgentToolCatalog"/>, so agents may name them and runs offer them to the model.
/// </summary>
public interface IAgentToolSource
{
    /// <summary>The tool names this source offers, for listings and error messages.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Whether <paramref name="name"/> is one of this source's tools.</summary>
    bool Offers(string name);

    /// <summary>The tool <paramref name="name"/> (one it <see cref="Offers"/>) acting for <paramref name="context"/>.</summary>
    AIFunction Create(string name, AgentToolContext context);

    /// <summary>
    /// Checks, when an agent naming <paramref name="name"/> (one it <see cref="Offers"/>) is saved, what only the
    /// source can tell (an MCP server's tool list); throws a <c>ValidationError</c> starting with <paramref name="subject"/>.
    /// </summary>
    ValueTask CheckAsync(string name, string subject, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
