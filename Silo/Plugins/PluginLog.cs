namespace ChatDb.Silo.Plugins;

/// <summary>Log messages of plugin modules (event ids 4200-4219).</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Plugin module {Module} {Version} loaded from {Assembly} ({State})")]
    public static partial void Loaded(ILogger logger, string module, string version, string assembly, string state);
}
