using System.Diagnostics.Metrics;

namespace ChatDb.Runtime.Gateway;

/// <summary>Gateway instruments on the <c>ChatDb.Runtime</c> meter.</summary>
internal sealed class GatewayMetrics
{
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _rejectedConnections;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RuntimeMetrics.MeterName);
        _connections = meter.CreateUpDownCounter<long>("chatdb.gateway.connections", "{connection}", "Open client connections of this silo's gateway.");
        _calls = meter.CreateCounter<long>("chatdb.gateway.calls", "{call}", "Grain calls received through the gateway.");
        _rejectedConnections = meter.CreateCounter<long>("chatdb.gateway.connections.rejected", "{connection}", "Connections closed for a protocol violation or a refused handshake.");
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void CallReceived() => _calls.Add(1);

    public void ConnectionRejected(string reason) => _rejectedConnections.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
