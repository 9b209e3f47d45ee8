using ChatDb.Cli.Commands.Maintenance;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Operations.Tests.Support;

/// <summary>Engines wired the way the CLI wires them (the chat models' schema), for a directory.</summary>
public static class Engines
{
    public static FlatfileStorageOptions Options(string directory) =>
        new() { StorageBasePath = directory, Durability = Durability.OsBuffered };

    public static ExportEngine Export(string directory) => new(Options(directory), ChatModelSchema.Instance);

    public static ImportEngine Import(string directory) => new(Options(directory), ChatModelSchema.Instance);

    public static VerifyEngine Verify(string directory, TimeProvider? clock = null) => new(Options(directory), ChatModelSchema.Instance, timeProvider: clock);

    public static BackupEngine Backup(string directory) => new(Options(directory));

    public static RestoreEngine Restore(string directory, TimeProvider? clock = null) => new(Options(directory), ChatModelSchema.Instance, clock: clock);

    public static V2Migrator Migrate(string directory) => new(Options(directory), ChatModelSchema.Instance);
}
