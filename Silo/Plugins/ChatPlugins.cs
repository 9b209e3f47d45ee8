namespace ChatDb.Silo.Plugins;

/// <summary>The plugins this silo loaded at start (<see cref="ChatPluginLoader"/>), in folder order; registered as a singleton.</summary>
internal sealed class ChatPlugins(IReadOnlyList<LoadedPlugin> all)
{
    public IReadOnlyList<LoadedPlugin> All { get; } = all;
}
