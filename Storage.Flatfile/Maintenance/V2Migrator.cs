using System.IO.Pipelines;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// <c>chatdb migrate-v2</c>: reads a v2 tree (never writing to it), streams it as an export through a pipe into
/// the <see cref="ImportEngine"/> (so every record is validated like an import), compares counts with the
/// <see cref="MigrationValidator"/> on the staged tree, and commits only when they agree. The target must
/// be empty unless <c>merge</c>.
/// </summary>
public sealed class V2Migrator
{
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

    public async Task<V2MigrationResult> MigrateAsync(string oldBase, bool merge = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldBase);
        var old = Path.GetFullPath(oldBase);
        if (!Directory.Exists(Path.Join(old, V2Layout.Users)))
        {
            throw new ConfigurationError($"chatdb migrate-v2: '{old}' is not a v2 data directory (it has no {V2Layout.Users}/ directory).");
        }

        if (Path.GetFullPath(_options.StorageBasePath).TrimEnd(Path.DirectorySeparatorChar) == old.TrimEnd(Path.DirectorySeparatorChar))
        {
            throw new ConfigurationError("chatdb migrate-v2 refused: --from and --data are the same directory; the v2 tree is never written to.");
        }

        var transformer = new V2SchemaTransformer(_options.IdFormat());
        var reader = new V2ExportWriter(old, _options, _progress);
        MigrationValidation? validation = null;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var produce = Task.Run(async () =>
        {
            Exception? failure = null;
            try
            {
                using var output = pipe.Writer.AsStream(leaveOpen: true);
                reader.Write(output, stop.Token);
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

        ImportResult imported;
        try
        {
            using var input = pipe.Reader.AsStream();
            imported = await new ImportEngine(_options, _schema, NoProgress.Instance).ImportAsync(input, new ImportOptions
            {
                Merge = merge,
                BeforeCommit = (staging, _) =>
                {
                    validation = new MigrationValidator(transformer).Validate(old, OptionsCopy.WithBase(_options, staging));
                    return validation.IsValid
                        ? Task.CompletedTask
                        : throw new IntegrityError($"migrate-v2: validation failed, nothing was written: {string.Join("; ", validation.Errors.Take(20))}");
                },
            }, "migrate-v2", cancellationToken).ConfigureAwait(false);
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
        return new V2MigrationResult(imported, validation!, reader.Skipped);
    }
}

/// <summary>What a v2 migration wrote and how it validated.</summary>
public sealed record V2MigrationResult(ImportResult Imported, MigrationValidation Validation, IReadOnlyList<string> Skipped);
