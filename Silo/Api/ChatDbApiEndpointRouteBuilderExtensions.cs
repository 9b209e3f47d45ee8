using ChatDb.Silo.Api.Endpoints;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Audit;
using ChatDb.Silo.Auth;
using ChatDb.Silo.Modules;
using ChatDb.Silo.Plugins;

namespace ChatDb.Silo.Api;

public static class ChatDbApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the REST API (docs/API.md): <c>/users/...</c>, <c>/panels/...</c>,
    /// <c>/personas/...</c>, <c>/admin/backup</c>, <c>/cluster</c>, <c>/modules</c>, server-sent events, and the OpenAPI document at <c>/openapi/v1.json</c>.
    /// Every route validates its ids before calling a grain, and every error is
    /// <c>{"error": kind, "message": ...}</c>. Needs <see cref="ChatDbApiServiceCollectionExtensions.AddChatDbApi"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapChatDbApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi();
        // Every route needs an admin key unless it says RequireUserScope (docs/SECURITY.md); the policy is put on
        // the group, not only left to the fallback, so a host without the authorization middleware fails closed.
        var api = endpoints.MapGroup(string.Empty)
            .RequireApiAccess()
            .AddEndpointFilter<ApiRateLimitFilter>()
            .AddEndpointFilter<AuditFilter>()
            .AddEndpointFilter<ApiErrorFilter>()
            .AddEndpointFilter<ModuleGateFilter>();

        // A module's routes carry its name (docs/MODULES.md): the gate answers 404 module_disabled while it is off.
        ((IEndpointConventionBuilder)api).Add(ModuleRoutes.Tag);
        ((IEndpointConventionBuilder)api).Finally(ApiErrorResponses.Declare);
        UserDirectoryEndpoints.Map(api);
        UserEndpoints.Map(api);
        SessionEndpoints.Map(api);
        MessageEndpoints.Map(api);
        MessageEditEndpoints.Map(api);
        DocumentEndpoints.Map(api);
        ContextEndpoints.Map(api);
        EventEndpoints.Map(api);
        PanelEndpoints.Map(api);
        PanelRunEndpoints.Map(api);
        PersonaEndpoints.Map(api);
        AgentEndpoints.Map(api);
        MemoryEndpoints.Map(api);
        KnowledgeEndpoints.Map(api);
        SearchEndpoints.Map(api);
        TrashEndpoints.Map(api);
        ExportEndpoints.Map(api);
        AdminEndpoints.Map(api);
        AuditEndpoints.Map(api);
        ClusterEndpoints.Map(api);
        ModuleEndpoints.Map(api);

        // Plugin modules' routes (docs/MODULES.md, "Plugins"), in the same group: key check, error bodies, module gate.
        api.MapChatPlugins();
        return endpoints;
    }
}
