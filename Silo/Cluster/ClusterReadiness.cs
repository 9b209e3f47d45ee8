using Orleans.Runtime;

namespace ChatDb.Silo.Cluster;

/// <summary>The silo's own entry in the membership table, as <c>/health</c> reports it.</summary>
public static class ClusterReadiness
{
    /// <summary>Makes <paramref name="readiness"/> say <c>ready</c> only while this silo is an active member of its cluster.</summary>
    public static void TrackMembership(this SiloReadiness readiness, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        ArgumentNullException.ThrowIfNull(services);
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var local = services.GetRequiredService<ILocalSiloDetails>();
        readiness.TrackMembership(() => Describe(membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress)));
    }

    public static string Describe(SiloStatus status) => status switch
    {
        SiloStatus.Active => "ready",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "stopping",
        SiloStatus.Dead => "dead",
        _ => "joining",
    };
}
