using ChatDb.Silo.Api.Contracts;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// <c>GET /cluster</c> (admin): the silos of the cluster as the membership table has them (docs/CLUSTER.md), every
/// silo answering with the same list; dead silos stay listed until Orleans clears them from the table.
/// </summary>
internal static class ClusterEndpoints
{
    public const string Route = "/cluster";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet(Route, ListAsync).WithTags("Cluster").Produces<IReadOnlyList<ClusterSilo>>().WithName("ListClusterSilos")
            .WithDescription("The cluster's silos from its membership table: address, name, host, status (joining, active, shutting_down, "
                + "stopping, dead), start time, last I-am-alive time, gateway port and whether it is the silo that answered; "
                + "active silos first, then by start time.");
    }

    private static async Task<IResult> ListAsync(IClusterClient client, ILocalSiloDetails local)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
        var silos = hosts
            .OrderBy(entry => entry.Status == SiloStatus.Active ? 0 : 1)
            .ThenBy(entry => entry.StartTime)
            .Select(entry => new ClusterSilo(
                entry.SiloAddress.ToParsableString(),
                entry.SiloName ?? string.Empty,
                entry.HostName ?? string.Empty,
                StatusName(entry.Status),
                new DateTimeOffset(DateTime.SpecifyKind(entry.StartTime, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc)),
                entry.ProxyPort,
                entry.SiloAddress.Equals(local.SiloAddress)))
            .ToList();
        return Results.Ok(silos);
    }

    private static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.Created or SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        SiloStatus.Stopping => "stopping",
        SiloStatus.Dead => "dead",
        _ => "unknown",
    };
}
