using ChatDb.Grains.Modules;
using ChatDb.Silo.Api.Http;

namespace ChatDb.Silo.Modules;

/// <summary><c>GET /modules</c> (admin): every module of this silo, on or off, with its version and health (docs/MODULES.md).</summary>
internal static class ModuleEndpoints
{
    public const string Route = "/modules";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet(Route, ListAsync).WithTags("Modules").Produces<IReadOnlyList<ModuleInfo>>().WithName("ListModules")
            .WithDescription("Every module (text_chat, memory, tool_use, persona, rag, multi_agent, multimodal, topic_router, trace_logger): "
                + "enabled (Modules:{name}:Enabled), version, health (healthy, degraded, unhealthy; disabled when off), description, "
                + "the route prefixes it owns and its data directories.");
    }

    private static async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var modules = context.RequestServices.GetService<ChatModuleSet>()?.All ?? [];
        var health = await ModuleHealth.CheckEnabledAsync(context.RequestServices, cancellationToken);
        IReadOnlyList<ModuleInfo> list =
        [
            .. modules.Select(m => new ModuleInfo(
                m.Name,
                m.Enabled,
                m.Version,
                m.Enabled ? health.GetValueOrDefault(m.Name, "unhealthy") : "disabled",
                m.Description,
                m.Routes,
                m.DataDirectories)),
        ];
        return Results.Json(list, ApiJsonContext.Default.IReadOnlyListModuleInfo);
    }
}
