namespace ChatDb.Runtime.Gateway;

/// <summary>
/// Decides whether a client that said hello may use the gateway. The default accepts everybody;
/// register another implementation as a singleton to check <see cref="GatewayHandshake.ClusterSecret"/>.
/// </summary>
public interface IGatewayAuthenticator
{
    ValueTask<GatewayAuthenticationResult> AuthenticateAsync(GatewayHandshake handshake, CancellationToken cancellationToken = default);
}

/// <summary>What a client presented in its hello frame.</summary>
public sealed class GatewayHandshake(string clientId, string? clusterSecret, string remoteEndPoint)
{
    public string ClientId { get; } = clientId;

    /// <summary>Secret the client was configured with; never logged.</summary>
    public string? ClusterSecret { get; } = clusterSecret;

    public string RemoteEndPoint { get; } = remoteEndPoint;

    public override string ToString() => $"client {ClientId} from {RemoteEndPoint}";
}

/// <summary>An authenticator's verdict; a rejection's reason is sent to the client and logged.</summary>
public readonly record struct GatewayAuthenticationResult(bool IsAccepted, string? RejectionReason)
{
    public static GatewayAuthenticationResult Accept() => new(true, null);

    public static GatewayAuthenticationResult Reject(string reason) => new(false, reason);
}

/// <summary>The default: every client is accepted.</summary>
internal sealed class AllowAllGatewayAuthenticator : IGatewayAuthenticator
{
    public ValueTask<GatewayAuthenticationResult> AuthenticateAsync(GatewayHandshake handshake, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(GatewayAuthenticationResult.Accept());
}
