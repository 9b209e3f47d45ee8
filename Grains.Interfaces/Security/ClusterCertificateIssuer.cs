using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChatDb.Grains.Security;

/// <summary>
/// Makes the private certificate authority of one ChatDb cluster and the certificates it signs
/// (<c>chatdb auth new-ca</c>, <c>chatdb auth new-cert</c>). Every node — silo or client — gets one certificate
/// valid for both TLS server and client authentication, because a silo is the server of its gateway and of
/// incoming silo connections and the client of outgoing ones. Keys are ECDSA P-256.
/// </summary>
public static class ClusterCertificateIssuer
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public static readonly TimeSpan DefaultAuthorityLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan DefaultNodeLifetime = TimeSpan.FromDays(365);

    /// <summary>A self-signed CA certificate (with its private key) that may sign node certificates only.</summary>
    public static X509Certificate2 NewAuthority(string name, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now + lifetime);
    }

    /// <summary>
    /// A node certificate signed by <paramref name="authority"/>, for <paramref name="name"/> and the given
    /// DNS names and addresses (the subject alternative names a client may check).
    /// </summary>
    public static X509Certificate2 NewNode(
        X509Certificate2 authority, string name, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!authority.HasPrivateKey)
        {
            throw new ArgumentException("The certificate authority's private key is needed to sign a certificate.", nameof(authority));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        foreach (var dns in dnsNames)
        {
            names.AddDnsName(dns);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());

        // A node certificate never outlives its authority.
        var notAfter = now + lifetime < authority.NotAfter ? now + lifetime : new DateTimeOffset(authority.NotAfter);
        using var signed = request.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate as PEM text.</summary>
    public static string CertificatePem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The certificate's private key as unencrypted PKCS#8 PEM text (the file must be readable by its owner only).</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The certificate has no ECDSA private key.", nameof(certificate));
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private static X500DistinguishedName DistinguishedName(string name)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(name);
        builder.AddOrganizationName("ChatDb");
        return builder.Build();
    }
}
