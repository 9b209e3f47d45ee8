using System.Net;
using ChatDb.Grains.Cluster;

namespace ChatDb.Client;

/// <summary>
/// Where an Orleans client finds ChatDb's gateways (docs/CLUSTER.md), given to
/// <see cref="ChatDbClientBuilderExtensions.UseChatDb(Orleans.Hosting.IClientBuilder, Action{ChatDbClusterDiscovery})"/>:
/// a static list of gateways, or the silos' own membership provider (<c>redis</c> or <c>azure</c>) with its
/// connection string, which lists every live gateway and follows silos as they come and go.
/// </summary>
public sealed class ChatDbClusterDiscovery
{
    /// <summary>The silos' <c>Cluster:Membership</c>; <c>localhost</c> means one silo's gateway on this machine (<see cref="LocalhostGatewayPort"/>).</summary>
    public ClusterMembership Membership { get; set; } = ClusterMembership.Localhost;

    /// <summary>The silos' <c>Cluster:ConnectionString</c>: Redis <c>host:port</c>, or an Azure Storage connection string. A secret: never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The silos' <c>--cluster-id</c>.</summary>
    public string ClusterId { get; set; } = ChatDbClientBuilderExtensions.DefaultClusterId;

    /// <summary>The silos' <c>--service-id</c>; the cluster id when null, as the silos default it.</summary>
    public string? ServiceId { get; set; }

    /// <summary>Gateways to use as they are (any membership is then ignored): <c>UseStaticClustering</c>.</summary>
    public IList<IPEndPoint> Gateways { get; } = [];

    /// <summary>The gateway port of a localhost silo.</summary>
    public int LocalhostGatewayPort { get; set; } = 30000;

    /// <summary>The silos' <c>Cluster:QueueNames</c> in azure mode, or empty for the names they derive from the service id.</summary>
    public IList<string> QueueNames { get; } = [];

    /// <summary>The service id in effect.</summary>
    public string EffectiveServiceId => ServiceId ?? ClusterId;

    public override string ToString() =>
        Gateways.Count > 0 ? $"gateways {string.Join(", ", Gateways)}" : $"membership {Membership.Name()} cluster {ClusterId}";
}
