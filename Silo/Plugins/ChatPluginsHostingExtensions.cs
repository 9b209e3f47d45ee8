using ChatDb.Grains.Hosting;
using ChatDb.Grains.Modules;
using ChatDb.Silo.Modules;
using ChatDb.Storage;
using Orleans.Hosting;

namespace ChatDb.Silo.Plugins;

/// <summary>
/// Wires loaded plugins (<see cref="ChatPluginLoader"/>) into the silo the way the built-in modules are: a module
/// descriptor, the plugin's services, a health check, its routes in the API's group. A plugin that throws from one of
/// its hooks stops the start with a <see cref="ConfigurationError"/> naming it.
/// </summary>
internal static class ChatPluginsHostingExtensions
{
    /// <summary>Registers <paramref name="plugins"/> and their health checks; call before the silo is configured.</summary>
    public static IServiceCollection AddChatPlugins(this IServiceCollection services, IReadOnlyList<LoadedPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(plugins);
        services.AddSingleton(new ChatPlugins(plugins));
        foreach (var plugin in plugins)
        {
            services.AddChatDbModuleHealthCheck(plugin.Module.Name);
        }

        return services;
    }

    /// <summary>
    /// The plugins' modules and services on the silo. Runs before <c>AddChatGrains</c>, so the plugins' names are known
    /// when the <c>Modules</c> section is checked.
    /// </summary>
    public static ISiloBuilder AddChatPluginModules(this ISiloBuilder silo, IReadOnlyList<LoadedPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(plugins);
        foreach (var plugin in plugins)
        {
            silo.AddChatModule(plugin.Module);
            try
            {
                plugin.Plugin.ConfigureSilo(silo);
            }
            catch (Exception e)
            {
                throw ChatPluginLoader.Failure(plugin.Folder, $"ConfigureSilo failed: {e.GetType().Name}: {e.Message}", e);
            }
        }

        return silo;
    }

    /// <summary>Maps every plugin's routes into <paramref name="api"/>, the API's route group.</summary>
    public static void MapChatPlugins(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var plugin in api.ServiceProvider.GetService<ChatPlugins>()?.All ?? [])
        {
            try
            {
                plugin.Plugin.MapEndpoints(api);
            }
            catch (Exception e)
            {
                throw ChatPluginLoader.Failure(plugin.Folder, $"MapEndpoints failed: {e.GetType().Name}: {e.Message}", e);
            }
        }
    }

    /// <summary>One log line per plugin, once the app is built.</summary>
    public static void LogChatPlugins(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var plugins = services.GetService<ChatPlugins>()?.All ?? [];
        if (plugins.Count == 0)
        {
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChatPlugins).FullName!);
        var modules = services.GetService<ChatModuleSet>();
        foreach (var plugin in plugins)
        {
            var state = modules?.IsEnabled(plugin.Module.Name) == false ? "disabled" : "enabled";
            PluginLog.Loaded(logger, plugin.Module.Name, plugin.Module.Version, plugin.AssemblyPath, state);
        }
    }
}
