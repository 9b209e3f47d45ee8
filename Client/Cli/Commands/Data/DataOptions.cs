using System.CommandLine;

namespace ChatDb.Cli.Commands.Data;

/// <summary>The options every data command takes, declared once per command group (recursive, so they work after any subcommand).</summary>
internal static class DataOptions
{
    public const string DefaultGateway = "127.0.0.1:30000";
    public const string Gateway = "--gateway";
    public const string ClusterSecretFile = "--cluster-secret-file";

    /// <summary>The environment variable holding the cluster secret when no file is given.</summary>
    public const string ClusterSecretVariable = "CHATDB_CLUSTER_SECRET";
    public const string Json = "--json";
    public const string Verbose = "--verbose";

    /// <summary>A command group (<c>user</c>, <c>session</c>, ...) carrying the shared options.</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description)
        {
            new Option<string>(Gateway) { Description = "The silo gateway, host:port.", DefaultValueFactory = _ => DefaultGateway, Recursive = true },
            new Option<string>(ClusterSecretFile)
            {
                Description = $"A file holding the cluster secret the gateway requires (default: the {ClusterSecretVariable} environment variable).",
                Recursive = true,
            },
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
