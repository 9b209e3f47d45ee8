using ChatDb.Grains;
using ChatDb.Runtime;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Http;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>GET /health</c>: healthy when a grain call through the runtime and its storage answers.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/health", CheckAsync).WithTags("Health").Produces<HealthReport>().WithName("Health");

    private static async Task<IResult> CheckAsync(IGrainFactory grains, TimeProvider time)
    {
        // The global persona catalog is one small activation that every silo can serve.
        await grains.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.Global).ListIdsAsync();
        return ApiResults.Ok(new HealthReport("healthy", time.GetUtcNow()), ApiJsonContext.Default.HealthReport);
    }
}
