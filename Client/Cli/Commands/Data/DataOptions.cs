using System.CommandLine;
using ChatDb.Client;

namespace ChatDb.Cli.Commands.Data;

/// <summary>The options every data command takes, declared once per command group (recursive, so they work after any subcommand).</summary>
internal static class DataOptions
{
    public const string Silo = "--silo";
    public const string ApiKey = "--api-key";
    public const string ApiKeyFile = "--api-key-file";
    public const string Gateway = "--gateway";
    public const string ClusterId = "--cluster-id";
    public const string Membership = "--membership";
    public const string ConnectionString = "--connection-string";
    public const string ConnectionStringFile = "--connection-string-file";

    /// <summary>The variable the silo reads <c>Cluster:ConnectionString</c> from, read by the command line too.</summary>
    public const string ConnectionStringVariable = "CHATDB_CLUSTER__CONNECTIONSTRING";
    public const string TlsCertificate = "--tls-cert";
    public const string TlsKey = "--tls-key";
    public const string TlsAuthority = "--tls-ca";
    public const string Json = "--json";
    public const string Verbose = "--verbose";

    /// <summary>A command group (<c>user</c>, <c>session</c>, ...) carrying the shared options.</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description)
        {
            new Option<string>(Silo)
            {
                Description = $"The silo's HTTP address (default {ChatDbRestClient.DefaultSilo.AbsoluteUri.TrimEnd('/')}); the commands speak its REST API.",
                Recursive = true,
            },
            new Option<string>(ApiKey)
            {
                Description = $"An API key for --silo. Other users can read it from the process list: prefer the {SiloApiKey.Variable} "
                    + $"environment variable (the default) or {ApiKeyFile}.",
                Recursive = true,
            },
            new Option<string>(ApiKeyFile) { Description = "A file holding the API key for --silo.", Recursive = true },
            new Option<string>(Gateway)
            {
                Description = "Use the cluster client through this silo gateway, host:port (e.g. 127.0.0.1:30000), instead of REST.",
                Recursive = true,
            },
            new Option<string>(Membership)
            {
                Description = $"Use the cluster client and find the gateways in the cluster's membership table: redis or azure (the silos' Cluster:Membership), "
                    + $"with the connection string in {ConnectionStringVariable} (the default), {ConnectionStringFile} or {ConnectionString}; instead of REST or {Gateway}.",
                Recursive = true,
            },
            new Option<string>(ConnectionString)
            {
                Description = $"With {Membership}: the silos' Cluster:ConnectionString (Redis host:port, an Azure Storage connection string). "
                    + $"Other users can read it from the process list: prefer {ConnectionStringVariable} or {ConnectionStringFile}.",
                Recursive = true,
            },
            new Option<string>(ConnectionStringFile) { Description = $"With {Membership}: a file holding the connection string.", Recursive = true },
            new Option<string>(ClusterId)
            {
                Description = $"With {Gateway} or {Membership}: the silos' cluster id (default {ChatDbClientBuilderExtensions.DefaultClusterId}, the silo's --cluster-id).",
                Recursive = true,
            },
            new Option<string>(TlsCertificate)
            {
                Description = $"With --gateway: this client's certificate (PEM, chatdb auth new-cert) for a gateway that requires mutual TLS; with {TlsKey} and {TlsAuthority}.",
                Recursive = true,
            },
            new Option<string>(TlsKey) { Description = "With --tls-cert: the certificate's private key (PEM).", Recursive = true },
            new Option<string>(TlsAuthority) { Description = "With --tls-cert: the cluster's certificate authority (PEM, ca.crt).", Recursive = true },
            new Option<bool>(Json) { Description = "Print results as JSON.", Recursive = true },
            new Option<bool>(Verbose) { Description = "Show stack traces of errors.", Recursive = true },
        };
        foreach (var subcommand in subcommands)
        {
            group.Subcommands.Add(subcommand);
        }

        return group;
    }
}
