using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Audit;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Restores a backup: extracts it into a staging directory inside the data directory, runs the full verify on
/// the staged tree, and only when that finds no error swaps it in with <see cref="RestoreSwap"/> (crash-safe:
/// an interrupted swap is rolled forward by the next restore, the silo's open or <c>verify --repair</c>). A failed
/// check, an unsafe archive entry or Ctrl-C deletes the staging directory and changes nothing.
/// The audit log is not taken back: the current audit files go into the staged tree before the swap, and the restore
/// (or its refusal) is recorded in the offline audit file (<see cref="AuditFiles"/>).
/// </summary>
public sealed class RestoreEngine
{
    private readonly FlatfileStorageOptions _options;
    private readonly IRecordSchema _schema;
    private readonly IMaintenanceProgress _progress;
    private readonly TimeProvider _clock;

    public RestoreEngine(FlatfileStorageOptions options, IRecordSchema schema, IMaintenanceProgress? progress = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schema);
        _options = options;
        _schema = schema;
        _progress = progress ?? NoProgress.Instance;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Test hook, called after each step of the final swap. An exception thrown here acts as a crash at that
    /// point: the engine leaves the directory as it is, for <see cref="RestoreSwap.RecoverPending"/> to finish.
    /// </summary>
    public Action<RestoreSwapStep>? AfterSwapStep { get; init; }

    /// <param name="backupPath">A file written by <see cref="BackupEngine"/>.</param>
    /// <param name="replace">Allow replacing a non-empty data directory.</param>
    /// <param name="cancellationToken">Stops before the swap; nothing is changed.</param>
    public async Task<RestoreResult> RestoreAsync(string backupPath, bool replace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupPath);
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        if (!File.Exists(backupPath))
        {
            throw new ConfigurationError($"chatdb restore: backup '{Path.GetFullPath(backupPath)}' does not exist.");
        }

        using var held = MaintenanceLock.Acquire(_options.StorageBasePath, "restore");
        var baseDirectory = held.BaseDirectory;
        var durable = _options.Durability == Durability.Fsync;

        // An earlier restore that stopped during its swap is finished first, so "the current contents" are whole.
        RestoreSwap.RecoverPending(baseDirectory, durable);
        if (!replace && !ImportEngine.IsEmpty(baseDirectory))
        {
            throw new ConfigurationError($"chatdb restore refused: data directory '{baseDirectory}' is not empty; pass --force to replace its contents.");
        }

        var staging = Path.Join(baseDirectory, StagingNames.New(StagingNames.RestorePrefix));
        try
        {
            Directory.CreateDirectory(staging);
            var (files, bytes) = await Task.Run(() => Extract(backupPath, staging, cancellationToken), cancellationToken).ConfigureAwait(false);
            var report = new VerifyEngine(OptionsCopy.WithBase(_options, staging), _schema, _progress).Verify(cancellationToken);
            var auditDirectory = new FlatfileLayout(OptionsCopy.WithBase(_options, baseDirectory)).AuditDirectory;
            if (!report.IsClean)
            {
                var errors = report.Problems.Where(p => p.IsError).ToList();
                await RecordAsync(auditDirectory, backupPath, "refused", $"the backup does not verify ({errors.Count} problem(s))", durable).ConfigureAwait(false);
                throw new IntegrityError(
                    $"restore refused: the backup '{backupPath}' does not verify ({errors.Count} problem(s)); the data directory was not changed. " +
                    string.Join(" | ", errors.Take(10).Select(p => $"{p.Kind}: {p.Message}")));
            }

            cancellationToken.ThrowIfCancellationRequested();
            AuditFiles.CarryOver(auditDirectory, new FlatfileLayout(OptionsCopy.WithBase(_options, staging)).AuditDirectory, durable);
            RestoreSwap.Commit(staging, baseDirectory, durable, AfterSwapStep);
            await RecordAsync(auditDirectory, backupPath, "ok", $"{files} files, {bytes} bytes", durable).ConfigureAwait(false);
            return new RestoreResult(files, bytes, report);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>The restore's audit record; written after the swap, so it lands in the restored tree's audit directory.</summary>
    private Task RecordAsync(string auditDirectory, string backupPath, string outcome, string details, bool durable) =>
        AuditFiles.AppendOfflineAsync(auditDirectory, [new AuditEntry
        {
            At = _clock.GetUtcNow(),
            Actor = AuditFiles.OfflineActor,
            Action = AuditActions.Restore,
            Operation = "chatdb restore",
            Path = Path.GetFullPath(backupPath),
            Outcome = outcome,
            Details = details,
        }], durable, _clock);

    private (long Files, long Bytes) Extract(string backupPath, string staging, CancellationToken cancellationToken)
    {
        var counter = new ProgressCounter(_progress, "restore", "files");
        long files = 0, bytes = 0;
        using var file = File.OpenRead(backupPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var first = true;
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (first)
                {
                    CheckManifest(entry, backupPath);
                    first = false;
                    continue;
                }

                var target = TargetOf(entry.Name, staging, backupPath);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                        {
                            entry.DataStream?.CopyTo(output);
                            output.Flush(_options.Durability == Durability.Fsync);
                        }

                        files++;
                        bytes += entry.Length;
                        counter.Add();
                        break;
                    default:
                        throw new IntegrityError($"backup '{backupPath}' entry '{entry.Name}' is a {entry.EntryType}; a backup holds only files and directories.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new IntegrityError($"backup '{backupPath}' is damaged or not a chatdb backup: {e.Message}", e);
        }

        if (first)
        {
            throw new IntegrityError($"backup '{backupPath}' is empty.");
        }

        counter.Finish();
        return (files, bytes);
    }

    private static void CheckManifest(TarEntry entry, string backupPath)
    {
        if (entry.Name != BackupEngine.ManifestName || entry.DataStream is null)
        {
            throw new IntegrityError($"backup '{backupPath}' does not start with {BackupEngine.ManifestName}; it is not a chatdb backup.");
        }

        using var manifest = JsonDocument.Parse(entry.DataStream);
        if (!manifest.RootElement.TryGetProperty("format", out var format) || format.GetString() != BackupEngine.FormatName)
        {
            throw new IntegrityError($"backup '{backupPath}' has a manifest of another format.");
        }
    }

    /// <summary>The staging path of an entry; refuses absolute names, '..', and anything outside <c>data/</c>.</summary>
    private static string TargetOf(string name, string staging, string backupPath)
    {
        if (!name.StartsWith(BackupEngine.DataPrefix, StringComparison.Ordinal))
        {
            throw new IntegrityError($"backup '{backupPath}' entry '{name}' is not under '{BackupEngine.DataPrefix}'.");
        }

        var segments = name[BackupEngine.DataPrefix.Length..].TrimEnd('/').Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".." || s.Contains('\\', StringComparison.Ordinal)) ||
            (segments.Length == 1 && DataDirectoryLock.IsLockFile(segments[0])))
        {
            throw new IntegrityError($"backup '{backupPath}' entry '{name}' has an unsafe path.");
        }

        var target = Path.GetFullPath(Path.Join([staging, .. segments]));
        if (!target.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new IntegrityError($"backup '{backupPath}' entry '{name}' points outside the data directory.");
        }

        return target;
    }

}

/// <summary>What a restore put in place, and the verify report of the restored tree (warnings only).</summary>
public sealed record RestoreResult(long Files, long Bytes, VerifyReport Verified);
