using ChatDb.Grains.Modules;
using Microsoft.AspNetCore.Routing;
using Orleans.Hosting;

namespace ChatDb.Plugins;

/// <summary>
/// A module that comes from an assembly in the silo's <c>modules/</c> folder (docs/MODULES.md, "Plugins"). The silo loads
/// each plugin folder at start in an assembly load context of its own, creates the one public class of the plugin
/// assembly that implements this interface (it needs a public parameterless constructor), and treats what
/// <see cref="Module"/> describes like a built-in module: listed in <c>GET /modules</c>, switched by
/// <c>Modules:{name}:Enabled</c>, its routes gated (404 <c>module_disabled</c> while it is off), one health check.
/// </summary>
public interface IChatDbPlugin
{
    /// <summary>
    /// What the module is: its name (lower-case letters, digits and '_', starting with a letter; not a built-in module's),
    /// version, description, the route prefixes it owns, its data directories and the services its health check needs.
    /// Read once, at start.
    /// </summary>
    ChatModule Module { get; }

    /// <summary>
    /// Registers the module's services on the silo (<c>silo.Services</c>; <c>silo.Configuration</c> holds the module's own
    /// section, <c>Modules:{name}</c>). Called once at start, before the chat grains are registered, whether the module is
    /// on or off: like a built-in module, a disabled plugin is constructed and cannot be reached.
    /// </summary>
    void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>
    /// Maps the module's REST routes. <paramref name="endpoints"/> is the API's route group: routes get its API-key check,
    /// error bodies (<c>{"error":...,"message":...}</c> for ChatDb's errors) and module gate; a route joins the module
    /// when its pattern starts with one of <see cref="ChatModule.Routes"/>.
    /// </summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
