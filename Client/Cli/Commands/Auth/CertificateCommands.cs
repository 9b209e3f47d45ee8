using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChatDb.Grains.Security;
using ChatDb.Storage.Ids;

namespace ChatDb.Cli.Commands.Auth;

/// <summary>
/// <c>chatdb auth new-ca</c> and <c>chatdb auth new-cert</c>: the private certificate authority of a cluster and
/// the node certificates it signs, for mutual TLS on the gateway and between silos (docs/SECURITY.md).
/// Files are PEM; private keys are written readable by their owner only, and nothing is ever overwritten.
/// </summary>
internal static class CertificateCommands
{
    public const string AuthorityCertificateFile = "ca.crt";
    public const string AuthorityKeyFile = "ca.key";

    public static Command NewAuthority(TimeProvider clock)
    {
        var output = new Option<string>("--out") { Description = "The directory to write ca.crt and ca.key into (made if missing).", Required = true };
        var name = new Option<string>("--name") { Description = "The authority's common name (default 'ChatDb cluster CA')." };
        var days = new Option<int>("--days") { Description = "Days the authority is valid (default 3650).", DefaultValueFactory = _ => 3650 };
        var command = new Command("new-ca", "Make the cluster's certificate authority for mutual TLS: ca.crt (give it to every node) and ca.key (keep it offline).")
        {
            output, name, days,
        };
        command.SetAction(async (parse, token) =>
        {
            var directory = parse.GetValue(output)!;
            var lifetime = parse.GetValue(days);
            if (lifetime < 1)
            {
                return await UsageAsync(parse, "new-ca", $"--days must be at least 1 (was {lifetime}).").ConfigureAwait(false);
            }

            using var authority = ClusterCertificateIssuer.NewAuthority(parse.GetValue(name) ?? "ChatDb cluster CA", clock.GetUtcNow(), TimeSpan.FromDays(lifetime));
            var written = await WriteAsync(parse, "new-ca", directory, AuthorityCertificateFile, AuthorityKeyFile, authority, token).ConfigureAwait(false);
            if (written != 0)
            {
                return written;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"Wrote {Path.Combine(directory, AuthorityCertificateFile)} and {Path.Combine(directory, AuthorityKeyFile)} (valid until {authority.NotAfter:yyyy-MM-dd}). "
                + "Make node certificates with: chatdb auth new-cert --ca " + directory + " --name <node> --out <dir>").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static Command NewNode(TimeProvider clock)
    {
        var authorityDirectory = new Option<string>("--ca") { Description = "The directory holding ca.crt and ca.key (chatdb auth new-ca).", Required = true };
        var name = new Option<string>("--name") { Description = "The node's name: the certificate's common name and file names (letters, digits, '-', '_', '.').", Required = true };
        var output = new Option<string>("--out") { Description = "The directory to write <name>.crt and <name>.key into (made if missing).", Required = true };
        var dns = new Option<string[]>("--dns") { Description = "A DNS name of the node (repeatable).", AllowMultipleArgumentsPerToken = true };
        var ip = new Option<string[]>("--ip") { Description = "An IP address of the node (repeatable).", AllowMultipleArgumentsPerToken = true };
        var days = new Option<int>("--days") { Description = "Days the certificate is valid (default 365, never beyond the authority).", DefaultValueFactory = _ => 365 };
        var command = new Command("new-cert", "Make a certificate for a silo or a client, signed by the cluster's certificate authority.")
        {
            authorityDirectory, name, output, dns, ip, days,
        };
        command.SetAction(async (parse, token) =>
        {
            var nodeName = parse.GetValue(name)!;
            if (EntityIdValidator.FindViolation(nodeName) is { } rule)
            {
                return await UsageAsync(parse, "new-cert", EntityIdValidator.Rejected("--name", nodeName, rule).Message).ConfigureAwait(false);
            }

            var addresses = new List<IPAddress>();
            foreach (var text in parse.GetValue(ip) ?? [])
            {
                if (!IPAddress.TryParse(text, out var address))
                {
                    return await UsageAsync(parse, "new-cert", $"--ip '{text}' is not an IP address.").ConfigureAwait(false);
                }

                addresses.Add(address);
            }

            var lifetime = parse.GetValue(days);
            if (lifetime < 1)
            {
                return await UsageAsync(parse, "new-cert", $"--days must be at least 1 (was {lifetime}).").ConfigureAwait(false);
            }

            var caDirectory = parse.GetValue(authorityDirectory)!;
            X509Certificate2 authority;
            try
            {
                authority = X509Certificate2.CreateFromPemFile(
                    Path.Combine(caDirectory, AuthorityCertificateFile), Path.Combine(caDirectory, AuthorityKeyFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"chatdb auth new-cert: cannot read the authority in '{caDirectory}' ({AuthorityCertificateFile} and {AuthorityKeyFile}): {e.Message}").ConfigureAwait(false);
                return AuthCommands.Failed;
            }

            using (authority)
            {
                using var node = ClusterCertificateIssuer.NewNode(
                    authority, nodeName, parse.GetValue(dns) ?? [], addresses, clock.GetUtcNow(), TimeSpan.FromDays(lifetime));
                var directory = parse.GetValue(output)!;
                var written = await WriteAsync(parse, "new-cert", directory, nodeName + ".crt", nodeName + ".key", node, token).ConfigureAwait(false);
                if (written != 0)
                {
                    return written;
                }

                await parse.InvocationConfiguration.Output.WriteLineAsync(
                    $"Wrote {Path.Combine(directory, nodeName + ".crt")} and {Path.Combine(directory, nodeName + ".key")} (valid until {node.NotAfter:yyyy-MM-dd}). "
                    + "A silo takes them with --tls-cert, --tls-key and --tls-ca; chatdb --gateway with the same three options.").ConfigureAwait(false);
                return 0;
            }
        });
        return command;
    }

    /// <summary>Writes the certificate and its key, refusing to replace either file; the key is created with mode 0600.</summary>
    private static async Task<int> WriteAsync(
        ParseResult parse, string command, string directory, string certificateFile, string keyFile, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var certificatePath = Path.Combine(directory, certificateFile);
        var keyPath = Path.Combine(directory, keyFile);
        foreach (var path in new[] { certificatePath, keyPath })
        {
            if (File.Exists(path))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"chatdb auth {command}: {path} exists; it is never overwritten (remove it or choose another --out).")
                    .ConfigureAwait(false);
                return AuthCommands.Failed;
            }
        }

        Directory.CreateDirectory(directory);
        await WriteNewAsync(keyPath, ClusterCertificateIssuer.PrivateKeyPem(certificate), ownerOnly: true, cancellationToken).ConfigureAwait(false);
        await WriteNewAsync(certificatePath, ClusterCertificateIssuer.CertificatePem(certificate), ownerOnly: false, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task WriteNewAsync(string path, string text, bool ownerOnly, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> UsageAsync(ParseResult parse, string command, string message)
    {
        await parse.InvocationConfiguration.Error.WriteLineAsync($"chatdb auth {command}: invalid: {message}").ConfigureAwait(false);
        return AuthCommands.BadArguments;
    }
}
