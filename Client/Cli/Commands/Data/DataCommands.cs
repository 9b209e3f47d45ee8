using System.CommandLine;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// Commands that read and write chat data through a silo's gateway (<c>--gateway host:port</c>, default
/// 127.0.0.1:30000). Results print as text, or as JSON with <c>--json</c>. Exit codes: 0 done, 1 the
/// silo refused or failed the operation (one line on stderr), 2 bad command line, 3 no silo reachable,
/// 4 the gateway refused the client (a missing or wrong cluster secret).
/// </summary>
public static class DataCommands
{
    public static IEnumerable<Command> Create() =>
    [
        UserCommands.Create(),
        SessionCommands.Create(),
        MessageCommands.Create(),
        ContextCommands.Create(TimeProvider.System),
        DocumentCommands.Create(),
        PanelCommands.Create(),
        PersonaCommands.Create(),
        SearchCommands.Create(),
    ];
}
