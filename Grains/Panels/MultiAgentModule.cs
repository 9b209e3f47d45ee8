using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Panels;

/// <summary>multi_agent: panels (several agents in one conversation), their messages, insights, search, events and runs.</summary>
public static class MultiAgentModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.MultiAgent, "1.0.0",
        "Panels: several agents in one conversation, with messages, insights, analytics, search, events and panel runs.")
    {
        Routes = ["/panels", "/trash/panels"],
        GrainInterfaces = [typeof(IPanelGrain), typeof(IPanelDirectoryGrain), typeof(IPanelRunGrain)],
        DataDirectories = ["panel_sessions/"],
        Services = [typeof(PanelRunStreams)],
        Namespace = "ChatDb.Grains.Panels",
    };
}
