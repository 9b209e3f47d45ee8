namespace ChatDb.Silo.Health;

/// <summary>
/// <c>GET /health</c>: 200 <c>{"status":"ready"}</c> once the silo accepts calls, 503 before and while stopping.
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
            .WithDescription("200 {\"status\": \"ready\"} once the silo accepts calls; 503 before that and while it stops.");
        return endpoints;
    }

    public sealed record HealthStatus(string Status);
}
