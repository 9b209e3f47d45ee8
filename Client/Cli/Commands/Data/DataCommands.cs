using System.CommandLine;

namespace ChatDb.Cli.Commands.Data;

/// <summary>Commands that read and write chat data through a silo's gateway.</summary>
public static class DataCommands
{
    public static IEnumerable<Command> Create() => [];
}
