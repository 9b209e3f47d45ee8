namespace ChatDb.Silo.Health;

/// <summary>
/// <c>GET /health</c>: 200 <c>{"status":"ready"}</c> once the silo accepts calls and has joined its cluster, 503
/// (<c>starting</c>, <c>joining</c>, <c>stopping</c>, <c>dead</c>) before that, while stopping, or once the cluster has declared it dead.
/// Needs no API key: load balancers and service managers probe it, and it tells nothing about the data.
/// </summary>
public static class HealthEndpoints
{
    public const string Route = "/health";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Route, (SiloReadiness readiness) => readiness.IsReady
            ? Results.Ok(new HealthStatus(readiness.Status))
            : Results.Json(new HealthStatus(readiness.Status), statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous()
            .WithName("Health").WithTags("Health")
            .Produces<HealthStatus>()
            .Produces<HealthStatus>(StatusCodes.Status503ServiceUnavailable)
            .WithDescription("200 {\"status\": \"ready\"} once the silo accepts calls and is an active member of its cluster; "
                + "503 with starting, joining, stopping or dead otherwise.");
        return endpoints;
    }

    public sealed record HealthStatus(string Status);
}
