using System.CommandLine;
using ChatDb.Cli.Commands.Auth;
using ChatDb.Cli.Commands.Data;
using ChatDb.Cli.Commands.Maintenance;

namespace ChatDb.Cli;

/// <summary>
/// The `chatdb` command tree: data commands talk to a running silo (its REST API, or its gateway with --gateway); maintenance
/// commands work offline on a data directory that no silo holds; auth commands make API keys and the certificates of mutual TLS.
/// </summary>
public static class CliRoot
{
    public static RootCommand Create()
    {
        var root = new RootCommand("ChatDb command line: chat data through a silo, and offline maintenance of a data directory.");
        foreach (var command in DataCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        foreach (var command in MaintenanceCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(AuthCommands.Create());

        return root;
    }
}
