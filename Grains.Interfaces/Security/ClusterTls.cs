using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChatDb.Storage;
using Orleans.Connections.Security;

namespace ChatDb.Grains.Security;

/// <summary>
/// Mutual TLS between the members of one ChatDb cluster (silos and Orleans clients): each side presents
/// its node certificate and accepts the other only when that certificate chains to the cluster's own
/// certificate authority (<see cref="ClusterCertificateIssuer"/>). The authority is the identity: a
/// certificate from any other issuer, including public ones, is refused, and host names are not
/// checked (nodes reach each other by address; membership in the CA is what is trusted).
/// </summary>
public sealed class ClusterTls
{
    private ClusterTls(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The cluster's certificate authority (public certificate only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Loads PEM files: the node's certificate and key, and the authority's certificate.</summary>
    /// <exception cref="ConfigurationError">A file is missing or unreadable, or the certificate is not usable; the message names the file.</exception>
    public static ClusterTls Load(string certificateFile, string keyFile, string authorityFile)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ConfigurationError($"TLS certificate '{certificateFile}' with key '{keyFile}' cannot be loaded: {e.Message}");
        }

        X509Certificate2 authority;
        try
        {
            authority = X509CertificateLoader.LoadCertificateFromFile(authorityFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            certificate.Dispose();
            throw new ConfigurationError($"TLS certificate authority '{authorityFile}' cannot be loaded: {e.Message}");
        }

        return From(certificate, authority);
    }

    /// <summary>Uses certificates already in memory (<paramref name="certificate"/> with its private key).</summary>
    /// <exception cref="ConfigurationError">The certificate has no private key or is not signed by <paramref name="authority"/>.</exception>
    public static ClusterTls From(X509Certificate2 certificate, X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authority);
        if (!certificate.HasPrivateKey)
        {
            throw new ConfigurationError($"TLS certificate '{certificate.Subject}' has no private key.");
        }

        if (!IsSignedBy(certificate, authority))
        {
            throw new ConfigurationError(
                $"TLS certificate '{certificate.Subject}' is not signed by the certificate authority '{authority.Subject}' (or has expired): "
                + "make it with chatdb auth new-cert from that authority.");
        }

        return new ClusterTls(certificate, authority);
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="authority"/> alone and is valid now.</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authority);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);

        // A private CA publishes no revocation list; a leaked node certificate is retired by replacing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate)
            && chain.ChainElements.Count == 2
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }

    /// <summary>Sets Orleans' TLS options: present this node's certificate, require the peer's, accept only the cluster's CA.</summary>
    public void Configure(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (peer, _, _) => IsSignedBy(peer, Authority);
    }
}
