using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Json;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// A backup is a <c>.tar.gz</c>: first <c>chatdb-backup.json</c> (format, version, time), then every file of the
/// data directory under <c>data/</c>, byte for byte, except the lock, temp files and scratch directories.
/// Offline (<see cref="BackupAsync"/>) the lock makes the copy consistent. For a running silo,
/// <see cref="WriteLiveAsync"/> pauses the silo's writes (<see cref="FlatfileWriteGate"/>) only while it
/// hard-links every file into a snapshot (<see cref="LiveSnapshot"/>), then streams the snapshot with writes
/// running again: one point in time for the whole tree, every write acknowledged before the call included.
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

        return await TempTarget.WriteAsync(output, stream => WriteAsync(stream, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the backup of a directory nobody writes to (the caller holds the lock, or knows) into
    /// <paramref name="output"/>. A log is copied up to its last complete line.
    /// </summary>
    public Task<BackupResult> WriteAsync(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var baseDirectory = Path.GetFullPath(_options.StorageBasePath);
        return WriteTarAsync(output, baseDirectory, (file, _, stream) =>
            file.Name.EndsWith(".jsonl", StringComparison.Ordinal) ? LogLines.CompleteLength(stream, stream.Length) : stream.Length, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// Writes a consistent backup of the data directory of a running silo into <paramref name="output"/>
    /// (the admin endpoint; no lock, the silo holds it). Writes through <paramref name="writeGate"/> are
    /// paused while the snapshot is linked (<see cref="BackupResult.WritesPaused"/>), not while it streams.
    /// Log offset indexes are left out (the log engine rebuilds them on first open). The pause covers this silo's
    /// writes only: when <paramref name="directoryLock"/> is shared with other silos of the cluster the backup is
    /// refused (<see cref="EntityConflictError"/>), and while the snapshot is linked no other silo can join.
    /// </summary>
    public async Task<BackupResult> WriteLiveAsync(
        Stream output, FlatfileWriteGate writeGate, CancellationToken cancellationToken = default, DataDirectoryLock? directoryLock = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(writeGate);
        var baseDirectory = Path.GetFullPath(_options.StorageBasePath);
        var atomicFile = new AtomicFile(_options);
        LiveSnapshot snapshot;
        var paused = _timeProvider.GetTimestamp();
        using (directoryLock?.Fences?.EnterGate())
        {
            if (directoryLock?.Fences?.OtherSilosPresent() == true)
            {
                throw new EntityConflictError($"data directory '{baseDirectory}'",
                    $"live backup refused: data directory '{baseDirectory}' is shared with other silos of cluster '{directoryLock.ClusterId}', "
                    + "and a live backup can pause the writes of this silo only. Stop the other silos and ask again, or stop them all and run "
                    + "chatdb backup on the directory.");
            }

            using (await writeGate.PauseAsync(cancellationToken).ConfigureAwait(false))
            {
                snapshot = LiveSnapshot.Take(baseDirectory, atomicFile);
            }
        }

        var pausedFor = _timeProvider.GetElapsedTime(paused);
        using (snapshot)
        {
            return await WriteTarAsync(output, snapshot.Directory, (_, relative, stream) => snapshot.LengthOf(relative, stream), pausedFor, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task<BackupResult> WriteTarAsync(
        Stream output, string root, Func<FileInfo, string, FileStream, long> lengthOf, TimeSpan pausedFor, CancellationToken cancellationToken)
    {
        var atomicFile = new AtomicFile(_options);
        var counter = new ProgressCounter(_progress, "backup", "files");
        long files = 0, bytes = 0;
        var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                await tar.WriteEntryAsync(Manifest(), cancellationToken).ConfigureAwait(false);
                foreach (var file in Files(root, root, atomicFile))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var relative = Path.GetRelativePath(root, file.FullName).Replace('\\', '/');
                    var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: false);
                    var data = new BoundedReadStream(stream, lengthOf(file, relative, stream));
                    await using (data.ConfigureAwait(false))
                    {
                        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, DataPrefix + relative)
                        {
                            DataStream = data,
                            ModificationTime = file.LastWriteTimeUtc,
                            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
                        }, cancellationToken).ConfigureAwait(false);
                    }

                    files++;
                    bytes += data.Length;
                    counter.Add();
                }
            }
        }

        counter.Finish();
        return new BackupResult(files, bytes, pausedFor);
    }

    private PaxTarEntry Manifest()
    {
        var created = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(_timeProvider.GetUtcNow(), StorageJson.Lines));
        var manifest = Encoding.UTF8.GetBytes($"{{\"format\":\"{FormatName}\",\"version\":1,\"created_at\":{created}}}\n");
        return new PaxTarEntry(TarEntryType.RegularFile, ManifestName)
        {
            DataStream = new MemoryStream(manifest),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            ModificationTime = _timeProvider.GetUtcNow(),
        };
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
                if (!(directory == baseDirectory && DataDirectoryLock.IsLockFile(file.Name)))
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
}

/// <summary>What a backup holds; <paramref name="WritesPaused"/>: how long a live backup held the silo's writes (zero offline).</summary>
public sealed record BackupResult(long Files, long Bytes, TimeSpan WritesPaused = default);
