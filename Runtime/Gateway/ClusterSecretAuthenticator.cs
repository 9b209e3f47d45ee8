using ChatDb.Runtime.Security;

namespace ChatDb.Runtime.Gateway;

/// <summary>
/// Accepts a client only when its hello carries the cluster secret: the presented secret is hashed
/// (<see cref="SecretDigest"/>) and compared in constant time with the configured digest, so the silo
/// never needs the secret itself. The refusal says which of the two cases happened (none presented,
/// or a wrong one) and never repeats what the client sent.
/// </summary>
public sealed class ClusterSecretAuthenticator : IGatewayAuthenticator
{
    private readonly byte[] _digest;

    /// <param name="secretDigest">SHA-256 of the secret (<see cref="SecretDigest.Compute"/>).</param>
    public ClusterSecretAuthenticator(ReadOnlySpan<byte> secretDigest)
    {
        if (secretDigest.Length != SecretDigest.DigestBytes)
        {
            throw new ArgumentException($"The cluster secret digest must be {SecretDigest.DigestBytes} bytes (SHA-256); it is {secretDigest.Length}.", nameof(secretDigest));
        }

        _digest = secretDigest.ToArray();
    }

    public ValueTask<GatewayAuthenticationResult> AuthenticateAsync(GatewayHandshake handshake, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handshake);
        if (string.IsNullOrEmpty(handshake.ClusterSecret))
        {
            return ValueTask.FromResult(GatewayAuthenticationResult.Reject(
                "it presented no cluster secret, and this gateway requires one (client setting Runtime:Client:ClusterSecret)."));
        }

        return ValueTask.FromResult(SecretDigest.Matches(handshake.ClusterSecret, _digest)
            ? GatewayAuthenticationResult.Accept()
            : GatewayAuthenticationResult.Reject("the cluster secret it presented is not this cluster's (client setting Runtime:Client:ClusterSecret)."));
    }
}
