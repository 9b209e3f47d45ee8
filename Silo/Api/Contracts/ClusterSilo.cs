namespace ChatDb.Silo.Api.Contracts;

/// <summary>
/// One silo of the cluster as <c>GET /cluster</c> lists it, from the membership table: its address
/// (<c>ip:port@generation</c>), name and host, status (<c>joining</c>, <c>active</c>, <c>shutting_down</c>,
/// <c>stopping</c>, <c>dead</c>), when it started and last said it was alive, its gateway port (0 for none), and
/// whether it is the silo that answered.
/// </summary>
public sealed record ClusterSilo(
    string Address,
    string Name,
    string HostName,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset LastAliveAt,
    int GatewayPort,
    bool ThisSilo);
