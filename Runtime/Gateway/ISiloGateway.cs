using System.Net;

namespace ChatDb.Runtime.Gateway;

/// <summary>What a host may know about its silo's gateway: where it listens once started.</summary>
public interface ISiloGateway
{
    /// <summary>The bound address (the real port when 0 was configured); <c>null</c> before start.</summary>
    IPEndPoint? LocalEndPoint { get; }
}
