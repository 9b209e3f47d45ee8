using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>Makes the <see cref="IChatClient"/> of a configured model. Registered once per silo; tests replace it.</summary>
public interface IAgentChatClientFactory
{
    /// <summary>The client of model <paramref name="name"/>; a <c>ConfigurationError</c> when its provider is not available.</summary>
    IChatClient Create(string name, ModelEntry model);
}
