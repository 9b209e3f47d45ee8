using System.Text.Json;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Rebuilds a data directory from an export. Everything is written into a staging directory inside the data
/// directory first (<see cref="StagingNames.ImportPrefix"/>); only a complete, valid export (header, every
/// record, matching end line) is moved into place. On any error or cancellation the staging directory is
/// deleted and the data directory is as before. Log offset indexes are not written: the log engine builds
/// them on first open.
/// </summary>
public sealed class ImportEngine
{
    private readonly FlatfileStorageOptions _options;
    private readonly IRecordSchema _schema;
    private readonly IMaintenanceProgress _progress;

    public ImportEngine(FlatfileStorageOptions options, IRecordSchema schema, IMaintenanceProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schema);
        _options = options;
        _schema = schema;
        _progress = progress ?? NoProgress.Instance;
    }

    /// <summary>Imports the export file at <paramref name="exportPath"/>, holding the data directory's lock.</summary>
    public async Task<ImportResult> ImportAsync(string exportPath, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(exportPath);
        if (!File.Exists(exportPath))
        {
            throw new ConfigurationError($"chatdb import: export file '{Path.GetFullPath(exportPath)}' does not exist.");
        }

        var input = new FileStream(exportPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        await using (input.ConfigureAwait(false))
        {
            return await ImportAsync(input, options, "import", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Imports an export read from <paramref name="input"/>, holding the data directory's lock.</summary>
    public async Task<ImportResult> ImportAsync(Stream input, ImportOptions? options, string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new ImportOptions();
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        using var held = MaintenanceLock.Acquire(_options.StorageBasePath, command);
        var baseDirectory = held.BaseDirectory;
        if (!options.Merge && !IsEmpty(baseDirectory))
        {
            throw new ConfigurationError(
                $"chatdb {command} refused: data directory '{baseDirectory}' is not empty; import into an empty directory, or pass --merge to add to it.");
        }

        var staging = Path.Join(baseDirectory, StagingNames.New(StagingNames.ImportPrefix));
        try
        {
            Directory.CreateDirectory(staging);
            var result = await Task.Run(() => Stage(input, staging, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (options.BeforeCommit is { } check)
            {
                await check(staging, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var skipped = StagingCommit.Commit(staging, baseDirectory, options.Merge, _options.Durability == Durability.Fsync);
            return result with { IdenticalFilesSkipped = skipped };
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>True when the directory holds nothing but the lock file.</summary>
    public static bool IsEmpty(string directory) =>
        !Directory.Exists(directory) ||
        Directory.EnumerateFileSystemEntries(directory).All(entry => DataDirectoryLock.IsLockFile(Path.GetFileName(entry)));

    private ImportResult Stage(Stream input, string staging, CancellationToken cancellationToken)
    {
        var counts = RecordKinds.All.ToDictionary(RecordKinds.Name, _ => 0L, StringComparer.Ordinal);
        var counter = new ProgressCounter(_progress, "import", "records");
        long records = 0;
        long number = 0;
        var ended = false;
        using var reader = new LineReader(input);
        using var writer = new ImportWriter(OptionsCopy.WithBase(_options, staging), _schema);
        while (reader.TryReadLine(out var line, out _, out var terminated))
        {
            number++;
            if ((number & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (ended)
            {
                throw ImportRecord.Bad(number, "a line follows the end record");
            }

            if (!terminated)
            {
                throw ImportRecord.Bad(number, "the last line has no newline; the export was cut short");
            }

            var record = ImportRecord.Parse(line, number);
            if (number == 1)
            {
                CheckHeader(line, record.Kind);
                continue;
            }

            if (record.Kind == RecordKinds.End)
            {
                CheckEnd(line, number, records, counts);
                ended = true;
                continue;
            }

            if (!RecordKinds.TryParse(record.Kind, out var kind))
            {
                throw ImportRecord.Bad(number, $"unknown kind '{record.Kind}'");
            }

            if (writer.Write(kind, record, number))
            {
                counts[record.Kind]++;
                records++;
            }

            counter.Add();
        }

        if (number == 0)
        {
            throw new IntegrityError("the export is empty; an export starts with a header line.");
        }

        if (!ended)
        {
            throw new IntegrityError($"the export has no end record after line {number}; it was cut short and is not imported.");
        }

        writer.Complete();
        counter.Finish();
        return new ImportResult(counts, records, 0);
    }

    private static void CheckHeader(ReadOnlySpan<byte> line, string kind)
    {
        using var header = JsonDocument.Parse(line.ToArray());
        var root = header.RootElement;
        if (kind != RecordKinds.Header ||
            !root.TryGetProperty("format", out var format) || format.GetString() != ExportFormat.FormatName ||
            !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new IntegrityError($"the first line is not a {ExportFormat.FormatName} header; is this a chatdb export?");
        }

        if (version.GetInt32() != ExportFormat.Version)
        {
            throw new IntegrityError($"the export has format version {version.GetInt32()}; this build reads version {ExportFormat.Version}.");
        }
    }

    private static void CheckEnd(ReadOnlySpan<byte> line, long number, long records, Dictionary<string, long> counts)
    {
        using var end = JsonDocument.Parse(line.ToArray());
        var root = end.RootElement;
        if (!root.TryGetProperty("records", out var declared) || declared.GetInt64() != records)
        {
            throw new IntegrityError($"export line {number}: the end record declares {(declared.ValueKind == JsonValueKind.Number ? declared.GetInt64() : -1)} records, the export holds {records}; it is damaged.");
        }

        if (root.TryGetProperty("counts", out var declaredCounts))
        {
            foreach (var property in declaredCounts.EnumerateObject())
            {
                if (counts.GetValueOrDefault(property.Name) != property.Value.GetInt64())
                {
                    throw new IntegrityError($"export line {number}: the end record declares {property.Value.GetInt64()} '{property.Name}' records, the export holds {counts.GetValueOrDefault(property.Name)}.");
                }
            }
        }
    }
}
