using System.CommandLine;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// Commands that read and write chat data through a running silo: its REST API by default (<c>--silo URL</c>,
/// default http://127.0.0.1:5080, API key from <c>CHATDB_API_KEY</c>, <c>--api-key-file</c> or <c>--api-key</c>),
/// or its gateway with the cluster client (<c>--gateway host:port</c>). Results print as text, or as JSON with
/// <c>--json</c>. Exit codes: 0 done, 1 the silo refused or failed the operation (one line on stderr), 2 bad
/// command line, 3 no silo reachable, 4 the silo refused the caller (a missing or wrong API key).
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
        AgentCommands.Create(),
        MemoryCommands.Create(),
        KnowledgeCommands.Create(),
        KnowledgeCommands.CreateRetrieve(),
        SearchCommands.Create(),
        TrashCommands.Create(),
    ];
}
