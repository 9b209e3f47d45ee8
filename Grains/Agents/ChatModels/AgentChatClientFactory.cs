using ChatDb.Storage;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>The providers of this build: <c>offline</c>. The network providers are refused with a clear error.</summary>
public sealed class AgentChatClientFactory : IAgentChatClientFactory
{
    private readonly OfflineChatClient _offline = new();

    public IChatClient Create(string name, ModelEntry model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Provider switch
        {
            ModelProviders.Offline => _offline,
            _ => throw new ConfigurationError(
                $"model '{name}': provider '{model.Provider}' is configured but this build runs only the '{ModelProviders.Offline}' provider."),
        };
    }
}
