using ChatDb.Grains.Modules;
using ChatDb.Plugins;

namespace ChatDb.Silo.Plugins;

/// <summary>A plugin the silo loaded at start: the folder it came from, its assembly and its module.</summary>
internal sealed record LoadedPlugin(string Folder, string AssemblyPath, IChatDbPlugin Plugin, ChatModule Module)
{
    /// <summary>What a start-up failure about this plugin names: "plugin modules/sample".</summary>
    public string Label => $"plugin {Folder}";
}
