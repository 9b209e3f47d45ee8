using System.CommandLine;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>Offline commands on a data directory: export, import, verify, backup, restore, migrate, prune, audit.</summary>
public static class MaintenanceCommands
{
    public static IEnumerable<Command> Create() =>
    [
        TransferCommands.Export(),
        TransferCommands.Import(),
        VerifyCommand.Create(),
        BackupCommands.Backup(),
        BackupCommands.Restore(),
        MigrateV2Command.Create(),
        PruneCommand.Create(),
        AuditCommand.Create(),
    ];
}
