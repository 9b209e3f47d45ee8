using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ChatDb.Runtime.Storage;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Json;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// A backup is a <c>.tar.gz</c>: first <c>chatdb-backup.json</c> (format, version, time), then every file of the
/// data directory under <c>data/</c>, byte for byte, except the lock, temp files and scratch directories.
/// Offline (<see cref="BackupAsync"/>) the lock makes the copy consistent. For a live silo,
/// <see cref="Write"/> copies each <c>*.jsonl</c> only up to the last complete line present when the file is
/// opened (a snapshot of that log by sequence number); JSON documents are replaced atomically, so each is whole,
/// but documents of different entities may be from slightly different moments.
/// </summary>
public sealed class BackupEngine
{
    public const string ManifestName = "chatdb-backup.json";
    public const string DataPrefix = "data/";
    public const string FormatName = "chatdb-backup";

    private readonly FlatfileStorageOptions _options;
    private readonly IMaintenanceProgress _progress;
    private readonly TimeProvider _timeProvider;

    public BackupEngine(FlatfileStorageOptions options, IMaintenanceProgress? progress = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _progress = progress ?? NoProgress.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Takes the lock and writes the backup to <paramref name="outputPath"/> (complete or not at all).</summary>
    public async Task<BackupResult> BackupAsync(string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        if (!Directory.Exists(_options.StorageBasePath))
        {
            throw new ConfigurationError($"chatdb backup: data directory '{Path.GetFullPath(_options.StorageBasePath)}' does not exist.");
        }

        var output = Path.GetFullPath(outputPath);
        using var held = MaintenanceLock.Acquire(_options.StorageBasePath, "backup");
        if (output.StartsWith(held.BaseDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ConfigurationError($"chatdb backup refused: the output '{output}' is inside the data directory '{held.BaseDirectory}'.");
        }

        return await TempTarget.WriteAsync(output, stream => Task.FromResult(Write(stream, cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the backup into <paramref name="output"/> without taking the lock (the silo's admin endpoint).</summary>
    public BackupResult Write(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var baseDirectory = Path.GetFullPath(_options.StorageBasePath);
        var atomicFile = new AtomicFile(_options);
        var counter = new ProgressCounter(_progress, "backup", "files");
        long files = 0, bytes = 0;
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            WriteManifest(tar);
            foreach (var file in Files(baseDirectory, baseDirectory, atomicFile))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var relative = Path.GetRelativePath(baseDirectory, file.FullName).Replace('\\', '/');
                var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
                var length = file.Name.EndsWith(".jsonl", StringComparison.Ordinal) ? CompleteLinesLength(stream) : stream.Length;
                using var data = new BoundedReadStream(stream, length);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, DataPrefix + relative)
                {
                    DataStream = data,
                    ModificationTime = file.LastWriteTimeUtc,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
                });
                files++;
                bytes += length;
                counter.Add();
            }
        }

        counter.Finish();
        return new BackupResult(files, bytes);
    }

    private void WriteManifest(TarWriter tar)
    {
        var created = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(_timeProvider.GetUtcNow(), FlatfileJson.Lines));
        var manifest = Encoding.UTF8.GetBytes($"{{\"format\":\"{FormatName}\",\"version\":1,\"created_at\":{created}}}\n");
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, ManifestName)
        {
            DataStream = new MemoryStream(manifest),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            ModificationTime = _timeProvider.GetUtcNow(),
        });
    }

    private static IEnumerable<FileInfo> Files(string directory, string baseDirectory, AtomicFile atomicFile)
    {
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        foreach (var entry in entries)
        {
            if (entry.LinkTarget is not null || atomicFile.IsTempFile(entry.Name))
            {
                continue;
            }

            if (entry is FileInfo file)
            {
                if (!(directory == baseDirectory && file.Name == DataDirectoryLock.FileName))
                {
                    yield return file;
                }
            }
            else if (!StagingNames.IsDisposable(entry.Name))
            {
                foreach (var child in Files(entry.FullName, baseDirectory, atomicFile))
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>Length up to and including the last newline: a line being appended right now is left out.</summary>
    private static long CompleteLinesLength(FileStream stream)
    {
        var length = stream.Length;
        Span<byte> block = stackalloc byte[4096];
        for (var end = length; end > 0;)
        {
            var size = (int)Math.Min(block.Length, end);
            stream.Position = end - size;
            stream.ReadExactly(block[..size]);
            var newline = block[..size].LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                stream.Position = 0;
                return end - size + newline + 1;
            }

            end -= size;
        }

        stream.Position = 0;
        return 0;
    }
}

/// <summary>What a backup holds.</summary>
public sealed record BackupResult(long Files, long Bytes);
