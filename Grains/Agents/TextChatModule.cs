using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Agents;

/// <summary>
/// text_chat: model replies in a user's sessions. Agents (definitions, versions), their runs, global agents run by a
/// user, and the configured models. The messages the runs write are core; the runs, traces and definitions are this module's.
/// </summary>
public static class TextChatModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.TextChat, "1.0.0",
        "Model replies in sessions: agents, their runs (one turn: input, prompt, model, answer) and the configured models.")
    {
        Routes = ["/models", "/agents", "/users/{userId}/agents", "/users/{userId}/global-agents"],
        GrainInterfaces = [typeof(IAgentGrain), typeof(IAgentCatalogGrain), typeof(IAgentRunGrain), typeof(IGlobalAgentRunsGrain), typeof(IModelCatalogGrain)],
        DataDirectories = ["users/{user_id}/agents/", "agents_global/"],
        Services = [typeof(ModelRegistry), typeof(IAgentChatClientFactory)],
        Namespace = "ChatDb.Grains.Agents",
    };
}
