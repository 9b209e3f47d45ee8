using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Writes a whole data directory as one export file (<see cref="ExportFormat"/>), streaming: one log line or
/// one file chunk in memory at a time. Derived data (<c>.index/</c>, <c>.idx</c>), torn tails kept aside
/// (<c>.corrupt</c>), temp files and the lock are not exported. Archived logs are read through their gzip.
/// The order is the <see cref="TreeScanner"/>'s, so exporting the same tree twice gives the same bytes.
/// </summary>
public sealed partial class ExportEngine
{
    private readonly FlatfileStorageOptions _options;
    private readonly IRecordSchema _schema;
    private readonly IMaintenanceProgress _progress;

    public ExportEngine(FlatfileStorageOptions options, IRecordSchema schema, IMaintenanceProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schema);
        _options = options;
        _schema = schema;
        _progress = progress ?? NoProgress.Instance;
    }

    /// <summary>
    /// Takes the data directory's lock and exports into <paramref name="outputPath"/> through a temp file
    /// beside it, renamed only when complete; on failure or cancellation the temp file is deleted and no
    /// output exists.
    /// </summary>
    public async Task<ExportResult> ExportAsync(string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        if (!Directory.Exists(_options.StorageBasePath))
        {
            throw new ConfigurationError($"chatdb export: data directory '{Path.GetFullPath(_options.StorageBasePath)}' does not exist.");
        }

        using var held = MaintenanceLock.Acquire(_options.StorageBasePath, "export");
        return await TempTarget.WriteAsync(outputPath, stream => Task.FromResult(Export(stream, cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exports into <paramref name="output"/>; the caller holds the lock (or knows nobody writes).</summary>
    public ExportResult Export(Stream output, CancellationToken cancellationToken = default) =>
        Export(output, include: null, lengthOf: null, cancellationToken);

    /// <summary>
    /// Exports the entries <paramref name="include"/> accepts (all when null); <paramref name="lengthOf"/> says how
    /// many bytes of a file belong to the export (a live snapshot's logs; the whole file when null).
    /// </summary>
    private ExportResult Export(Stream output, Func<TreeItem, bool>? include, Func<string, FileStream, long>? lengthOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var counts = RecordKinds.All.ToDictionary(RecordKinds.Name, _ => 0L, StringComparer.Ordinal);
        var warnings = new List<string>();
        var counter = new ProgressCounter(_progress, "export", "records");
        var start = output.CanSeek ? output.Position : 0;
        long records = 0;
        output.Write(ExportFormat.HeaderLine());
        foreach (var item in new TreeScanner(_options).Scan())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (include is not null && !include(item))
            {
                continue;
            }

            long written;
            if (item.Type == TreeItemType.MessageLog)
            {
                written = WriteLog(output, item, warnings, counter, lengthOf, cancellationToken);
            }
            else if (item.Type == TreeItemType.Record && item.Kind is RecordKind.Document or RecordKind.File)
            {
                WriteFile(output, item, cancellationToken, lengthOf);
                written = 1;
            }
            else if (item.Type == TreeItemType.Record)
            {
                WriteDocument(output, item);
                written = 1;
            }
            else
            {
                continue;
            }

            counts[RecordKinds.Name(item.Kind!.Value)] += written;
            records += written;
            if (item.Type != TreeItemType.MessageLog)
            {
                counter.Add();
            }
        }

        WriteEnd(output, records, counts);
        output.Flush();
        counter.Finish();
        return new ExportResult(counts, records, output.CanSeek ? output.Position - start : 0, warnings);
    }

    private void WriteDocument(Stream output, TreeItem item)
    {
        var bytes = File.ReadAllBytes(item.Path);
        _schema.Validate(item.Kind!.Value, item.Path, bytes);
        output.Write(ExportFormat.Prefix(item.Kind.Value, item.Ids));
        output.Write("\"data\":"u8);
        output.Write(MaintenanceJson.ToCompact(bytes));
        output.Write("}\n"u8);
    }

    private long WriteLog(
        Stream output, TreeItem item, List<string> warnings, ProgressCounter counter, Func<string, FileStream, long>? lengthOf, CancellationToken cancellationToken)
    {
        var kind = item.Kind!.Value;
        var prefix = ExportFormat.Prefix(kind, item.Ids);
        var opened = ArchivedSessions.OpenRead(item.Path.EndsWith(ArchivedSessions.ArchiveExtension, StringComparison.Ordinal) ? item.Path[..^3] : item.Path)
            ?? throw new StorageError($"log '{item.Path}' disappeared during the export.");
        using var stream = lengthOf is not null && opened is FileStream file ? new BoundedReadStream(file, lengthOf(item.Path, file)) : opened;
        using var reader = new LineReader(stream);
        var expected = 1L;
        string? pending = null;
        while (reader.TryReadLine(out var line, out var offset, out var terminated))
        {
            if (pending is not null)
            {
                throw new IntegrityError(pending + " A complete line follows it, so it is not a torn tail; run chatdb verify and restore the file.");
            }

            if (!terminated || !LogLineFormat.TryReadSequence(line, out var sequence) || sequence != expected || !IsValid(kind, item.Path, line))
            {
                pending = $"log '{item.Path}' line {expected} (byte offset {offset}) is not a valid record {expected}.";
                continue;
            }

            output.Write(prefix);
            output.Write("\"data\":"u8);
            output.Write(line);
            output.Write("}\n"u8);
            expected++;
            counter.Add();
            if ((expected & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (pending is not null)
        {
            warnings.Add(pending + " It is the last line (a torn tail) and was not exported.");
        }

        return expected - 1;
    }

    private bool IsValid(RecordKind kind, string path, ReadOnlySpan<byte> line)
    {
        try
        {
            _schema.Validate(kind, path, line);
            return true;
        }
        catch (IntegrityError)
        {
            return false;
        }
    }

    internal static void WriteFile(Stream output, TreeItem item, CancellationToken cancellationToken, Func<string, FileStream, long>? lengthOf = null)
    {
        var prefix = ExportFormat.Prefix(item.Kind!.Value, item.Ids);
        using var file = new FileStream(item.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var size = lengthOf?.Invoke(item.Path, file) ?? file.Length;
        var chunk = ArrayPool<byte>.Shared.Rent(ExportFormat.ChunkSize);
        var encoded = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(ExportFormat.ChunkSize));
        try
        {
            long offset = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = file.ReadAtLeast(chunk.AsSpan(0, (int)Math.Min(ExportFormat.ChunkSize, size - offset)), (int)Math.Min(ExportFormat.ChunkSize, size - offset), throwOnEndOfStream: true);
                Base64.EncodeToUtf8(chunk.AsSpan(0, read), encoded, out _, out var length);
                output.Write(prefix);
                output.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\"offset\":{offset},\"length\":{read},\"size\":{size},\"content_base64\":\"")));
                output.Write(encoded.AsSpan(0, length));
                output.Write("\"}\n"u8);
                offset += read;
            }
            while (offset < size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    internal static void WriteEnd(Stream output, long records, Dictionary<string, long> counts)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"kind\":\"{RecordKinds.End}\",\"records\":{records},\"counts\":{{");
        var first = true;
        foreach (var (name, count) in counts.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(first ? "" : ",").Append(CultureInfo.InvariantCulture, $"\"{name}\":{count}");
            first = false;
        }

        text.Append("}}\n");
        output.Write(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
