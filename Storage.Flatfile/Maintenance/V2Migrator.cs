using System.IO.Pipelines;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// <c>chatdb migrate-v2</c>: reads a v2 tree (never writing to it) one unit at a time (each user, then the shared part:
/// global personas and panels), streams each unit as an export through a pipe into the <see cref="ImportEngine"/> (so every
/// record is validated like an import), commits it, and records it in the <see cref="V2Checkpoint"/>; a second run after a
/// crash or Ctrl-C skips the units recorded and migrates the rest. Then it writes the appsettings fragment made from v2's
/// <c>system/config.json</c> (<see cref="V2ConfigMigrator"/>) and compares the two trees kind by kind with the
/// <see cref="MigrationValidator"/>. The target must be empty unless <c>merge</c> or a checkpoint of the same source is there.
/// </summary>
public sealed class V2Migrator
{
    private const string Command = "migrate-v2";

    private readonly FlatfileStorageOptions _options;
    private readonly IRecordSchema _schema;
    private readonly IMaintenanceProgress _progress;

    public V2Migrator(FlatfileStorageOptions options, IRecordSchema schema, IMaintenanceProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schema);
        _options = options;
        _schema = schema;
        _progress = progress ?? NoProgress.Instance;
    }

    public Task<V2MigrationResult> MigrateAsync(string oldBase, bool merge = false, CancellationToken cancellationToken = default) =>
        MigrateAsync(oldBase, new V2MigrationOptions { Merge = merge }, cancellationToken);

    public async Task<V2MigrationResult> MigrateAsync(string oldBase, V2MigrationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var old = CheckSource(oldBase);
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        var target = Path.GetFullPath(_options.StorageBasePath);
        var checkpoint = await OpenCheckpointAsync(target, old, options.Merge).ConfigureAwait(false);
        var resumed = checkpoint.Completed.Count;
        var done = checkpoint.Completed.ToHashSet(StringComparer.Ordinal);
        var writer = new V2ExportWriter(old, _options, _progress);
        foreach (var unit in V2ExportWriter.Units(old).Where(u => !done.Contains(u)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var skipped = await MigrateUnitAsync(writer, unit, cancellationToken).ConfigureAwait(false);
            checkpoint.Completed.Add(unit);
            checkpoint.Skipped.AddRange(skipped);
            await checkpoint.SaveAsync(_options).ConfigureAwait(false);
            if (options.AfterUnit is { } hook)
            {
                await hook(unit, cancellationToken).ConfigureAwait(false);
            }
        }

        writer.Finish();
        cancellationToken.ThrowIfCancellationRequested();
        using var held = MaintenanceLock.Acquire(target, Command);
        var report = new List<string>(checkpoint.Skipped);
        var (config, fragment) = await MigrateConfigAsync(old, target, options.ConfigOutput, report).ConfigureAwait(false);
        var validation = new MigrationValidator(new V2SchemaTransformer(_options.IdFormat())).Validate(old, _options, fragment);
        checkpoint.Delete();
        return new V2MigrationResult(validation, report, resumed, config, fragment);
    }

    /// <summary>The plan of a migration (<c>--dry-run</c>): reads the v2 tree and the target's checkpoint, writes nothing.</summary>
    public V2MigrationPlan Plan(string oldBase)
    {
        var old = CheckSource(oldBase);
        var target = Path.GetFullPath(_options.StorageBasePath);
        var checkpoint = Directory.Exists(target) ? V2Checkpoint.Load(target) : null;
        var done = checkpoint is not null && checkpoint.Source == old ? checkpoint.Completed : [];
        return V2MigrationPlan.Build(old, done);
    }

    /// <summary>The checkpoint file of a migration into <paramref name="dataDirectory"/> (it exists while one is unfinished).</summary>
    public static string CheckpointPath(string dataDirectory) => V2Checkpoint.PathIn(Path.GetFullPath(dataDirectory));

    /// <summary>Where the appsettings fragment goes when no path is given: beside the data directory, named after it.</summary>
    public static string DefaultConfigOutput(string dataDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        return Path.Join(Path.GetDirectoryName(full) ?? full, Path.GetFileName(full) + ".appsettings.json");
    }

    private string CheckSource(string oldBase)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldBase);
        var old = Path.TrimEndingDirectorySeparator(Path.GetFullPath(oldBase));
        if (!Directory.Exists(Path.Join(old, V2Layout.Users)))
        {
            throw new ConfigurationError($"chatdb migrate-v2: '{old}' is not a v2 data directory (it has no {V2Layout.Users}/ directory).");
        }

        if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.StorageBasePath)) == old)
        {
            throw new ConfigurationError("chatdb migrate-v2 refused: --from and --data are the same directory; the v2 tree is never written to.");
        }

        return old;
    }

    /// <summary>The checkpoint to continue, or a new one: a non-empty target without one needs <paramref name="merge"/>.</summary>
    private async Task<V2Checkpoint> OpenCheckpointAsync(string target, string old, bool merge)
    {
        Directory.CreateDirectory(target);
        using var held = MaintenanceLock.Acquire(target, Command);
        if (V2Checkpoint.Load(target) is { } existing)
        {
            if (existing.Source != old)
            {
                throw new ConfigurationError(
                    $"chatdb migrate-v2 refused: '{target}' holds the checkpoint of an unfinished migration from '{existing.Source}', not '{old}'; " +
                    $"finish that one (chatdb migrate-v2 --from {existing.Source}) or delete '{existing.Path}' and pass --merge.");
            }

            // Under the exclusive lock no other command is running: a staging directory here is the unit a kill cut short.
            // Nothing in it was committed (what its commit had moved is in place already), so it goes; the unit runs again.
            foreach (var staging in Directory.EnumerateDirectories(target, StagingNames.ImportPrefix + "*"))
            {
                Directory.Delete(staging, recursive: true);
            }

            return existing;
        }

        if (!merge && !ImportEngine.IsEmpty(target))
        {
            throw new ConfigurationError(
                $"chatdb migrate-v2 refused: data directory '{target}' is not empty and holds no migrate-v2 checkpoint; migrate into an empty directory, or pass --merge to add to it.");
        }

        var checkpoint = V2Checkpoint.Start(target, old);
        await checkpoint.SaveAsync(_options).ConfigureAwait(false);
        return checkpoint;
    }

    /// <summary>One unit through the pipe into a merge import: committed whole or not at all; files a previous, interrupted
    /// commit of the same unit already moved are skipped as identical.</summary>
    private async Task<IReadOnlyList<string>> MigrateUnitAsync(V2ExportWriter writer, string unit, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> skipped = [];
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var produce = Task.Run(async () =>
        {
            Exception? failure = null;
            try
            {
                using var output = pipe.Writer.AsStream(leaveOpen: true);
                skipped = writer.Write(output, unit, stop.Token);
            }
            catch (Exception e)
            {
                failure = e;
                throw;
            }
            finally
            {
                await pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
            }
        }, stop.Token);

        try
        {
            using var input = pipe.Reader.AsStream();
            await new ImportEngine(_options, _schema, NoProgress.Instance)
                .ImportAsync(input, new ImportOptions { Merge = true }, Command, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await produce.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The reader's own failure reaches the import through the pipe; the import's error is the one to report.
            }

            throw;
        }

        await produce.ConfigureAwait(false);
        return skipped;
    }

    private async Task<(V2ConfigMigration? Config, string? Fragment)> MigrateConfigAsync(string old, string target, string? output, List<string> report)
    {
        var source = Path.Join(old, V2Layout.System, V2Layout.Config);
        if (!File.Exists(source))
        {
            return (null, null);
        }

        if (!V2Files.TryReadJson(source, out var element, out var reason))
        {
            report.Add($"'{source}': {reason}; no configuration was migrated");
            return (null, null);
        }

        var config = V2ConfigMigrator.Migrate(element!.Value, target, source);
        var fragment = Path.GetFullPath(output ?? DefaultConfigOutput(target));
        await new AtomicFile(_options).WriteAllBytesAsync(fragment, config.Fragment, CancellationToken.None).ConfigureAwait(false);
        return (config, fragment);
    }
}

/// <summary>How a v2 migration runs.</summary>
public sealed record V2MigrationOptions
{
    /// <summary>Add to a non-empty data directory (identical files skipped, differing ones a conflict).</summary>
    public bool Merge { get; init; }

    /// <summary>Where the appsettings fragment made from v2's <c>system/config.json</c> goes; default
    /// <see cref="V2Migrator.DefaultConfigOutput"/>.</summary>
    public string? ConfigOutput { get; init; }

    /// <summary>Called after each unit is committed and checkpointed (tests interrupt a migration here).</summary>
    public Func<string, CancellationToken, Task>? AfterUnit { get; init; }
}

/// <summary>What a v2 migration did.</summary>
/// <param name="Validation">The two trees compared kind by kind.</param>
/// <param name="Skipped">v2 entries left out, each with its path and the reason (bad names, corrupt files and lines).</param>
/// <param name="UnitsResumed">Units an earlier, interrupted run had already committed.</param>
/// <param name="Config">The configuration migration, when v2 had a readable <c>system/config.json</c>.</param>
/// <param name="ConfigFragment">Where its appsettings fragment was written.</param>
public sealed record V2MigrationResult(MigrationValidation Validation, IReadOnlyList<string> Skipped, int UnitsResumed, V2ConfigMigration? Config, string? ConfigFragment);
