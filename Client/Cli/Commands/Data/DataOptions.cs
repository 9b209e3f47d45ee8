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
            new Option<string>(ClusterId)
            {
                Description = $"With --gateway: the silo's cluster id (default {ChatDbClientBuilderExtensions.DefaultClusterId}, the silo's --cluster-id).",
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
