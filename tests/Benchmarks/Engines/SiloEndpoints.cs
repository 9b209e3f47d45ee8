using ChatDb.Tests.Shared;

namespace ChatDb.Benchmarks.Engines;

/// <summary>
/// Ports and cluster id of one benchmark silo. Orleans' listeners set <c>ReuseAddress</c>, so two silos
/// asked for the same port could share it silently: every silo takes free ports and a cluster id of its own.
/// </summary>
public sealed record SiloEndpoints(int SiloPort, int GatewayPort, string ClusterId)
{
    public static SiloEndpoints Free() => new(LoopbackPorts.Next(), LoopbackPorts.Next(), "bench-" + Guid.NewGuid().ToString("N")[..12]);
}
