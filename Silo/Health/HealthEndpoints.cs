using ChatDb.Silo.Modules;

namespace ChatDb.Silo.Health;

/// <summary>
/// <c>GET /health</c>: 200 <c>{"status":"ready","modules":{...}}</c> once the silo accepts calls, has joined its cluster and
/// every enabled module's health check (<see cref="ModuleHealth"/>) passes; 503 (<c>starting</c>, <c>joining</c>,
/// <c>stopping</c>, <c>dead</c>) before that, while stopping, or once the cluster has declared it dead, and 503
/// <c>module_unhealthy</c> when a ready silo has an unhealthy module. <c>modules</c> names each enabled module with
/// <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>; modules that are off are left out.
/// Needs no API key: load balancers and service managers probe it, and it tells nothing about the data.
/// </summary>
public static class HealthEndpoints
{
    public const string Route = "/health";

    /// <summary>The status of a ready silo one of whose enabled modules is unhealthy.</summary>
    public const string ModuleUnhealthy = "module_unhealthy";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Route, CheckAsync)
            .AllowAnonymous()
            .WithName("Health").WithTags("Health")
            .Produces<HealthStatus>()
            .Produces<HealthStatus>(StatusCodes.Status503ServiceUnavailable)
            .WithDescription("200 {\"status\": \"ready\", \"modules\": {\"memory\": \"healthy\", ...}} once the silo accepts calls, is an active "
                + "member of its cluster and every enabled module is healthy; 503 with starting, joining, stopping or dead otherwise, "
                + "or module_unhealthy when an enabled module's health check fails.");
        return endpoints;
    }

    private static async Task<IResult> CheckAsync(SiloReadiness readiness, HttpContext context)
    {
        if (!readiness.IsReady)
        {
            return Results.Json(new HealthStatus(readiness.Status), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var modules = await ModuleHealth.CheckEnabledAsync(context.RequestServices, context.RequestAborted);
        var status = new HealthStatus(readiness.Status) { Modules = modules };
        return modules.Values.All(s => s != "unhealthy")
            ? Results.Ok(status)
            : Results.Json(status with { Status = ModuleUnhealthy }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public sealed record HealthStatus(string Status)
    {
        /// <summary>The health of each enabled module by name.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyDictionary<string, string>? Modules { get; init; }
    }
}
