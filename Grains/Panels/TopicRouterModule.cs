using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Panels;

/// <summary>
/// topic_router: routing a panel's turn to the specialist agent, i.e. the <see cref="PanelStrategies.Router"/> and
/// <see cref="PanelStrategies.Selector"/> strategies of panel runs. It owns no route and no data: while it is off, a
/// panel run asking for either strategy is refused with <see cref="ModuleDisabledError"/>; the other strategies run.
/// </summary>
public static class TopicRouterModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.TopicRouter, "1.0.0",
        "Specialist routing in panel runs: the router (embedding or router model) and selector (moderator) strategies.")
    {
        Services = [typeof(ModelRegistry)],
    };

    /// <summary>The strategies this module provides.</summary>
    public static IReadOnlyList<string> Strategies { get; } = [PanelStrategies.Router, PanelStrategies.Selector];
}
