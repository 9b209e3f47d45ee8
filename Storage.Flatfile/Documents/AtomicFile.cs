using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Documents;

/// <summary>
/// Replaces whole files so a reader, or the file after a crash, holds either the old or the new content,
/// never a mix and never an empty file. Protocol: write <c>{target}.{16 hex}{AtomicWriteTempSuffix}</c> in
/// the target's directory, flush it (fsync in <see cref="Durability.Fsync"/> mode), rename it over the
/// target, fsync the directory. Any failed step throws <see cref="StorageError"/>; nothing is swallowed.
/// Temp files left by a crash are removed by <see cref="CleanupTempFiles"/> when the store opens.
/// </summary>
public sealed class AtomicFile
{
    private const int RandomHexLength = 16;

    // Documents up to this size are written synchronously (session and state records, indexes); larger ones (uploads)
    // asynchronously, so a 10 MB write never holds a thread of the caller's scheduler.
    private const int SynchronousWriteLimit = 64 * 1024;

    private readonly Regex _tempFileName;

    public AtomicFile(FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TempSuffix = options.AtomicWriteTempSuffix;
        Durability = options.Durability;
        FileSystem = options.FileSystem ?? throw new ArgumentException("FlatfileStorageOptions.FileSystem must not be null.", nameof(options));
        _tempFileName = new Regex(
            $"^.+\\.[0-9a-f]{{{RandomHexLength}}}{Regex.Escape(TempSuffix)}$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string TempSuffix { get; }

    public Durability Durability { get; }

    /// <summary>The file operations this writer (and the code that shares it) goes through.</summary>
    public IFlatfileFileSystem FileSystem { get; }

    /// <summary>Test hook, called after each step. An <see cref="IOException"/> thrown here acts as a failure
    /// of the next step; any other exception acts as a crash (nothing is cleaned up).</summary>
    internal Action<AtomicWriteStep>? AfterStep { get; set; }

    private bool Durable => Durability == Durability.Fsync;

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="content"/>,
    /// creating missing parent directories.</summary>
    public Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, content, Durable, cancellationToken);

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> like <see cref="WriteAllBytesAsync"/>, but without any fsync: the
    /// file, its directory's entry and a new directory's entry in its parent are left to <see cref="DeferredDirectorySync"/>,
    /// which makes them durable before the next durable write below that directory. Only for files a durable record
    /// elsewhere lets recovery rebuild (a new session's <c>session.json</c>, docs/STORAGE.md §6).
    /// </summary>
    public async Task WriteDeferredAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await WriteAsync(path, content, durable: false, cancellationToken).ConfigureAwait(false);
        if (Durable)
        {
            var target = Path.GetFullPath(path);
            DeferredDirectorySync.Defer(Path.GetDirectoryName(target)!, target);
        }
    }

    private async Task WriteAsync(string path, ReadOnlyMemory<byte> content, bool durable, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        var created = DirectorySync.CreateDirectory(FileSystem, directory, durable);
        var temp = NewTempPath(target);

        try
        {
            using var handle = FileSystem.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            if (content.Length <= SynchronousWriteLimit)
            {
                // A small document goes in one write(2) on this thread: the handle is not opened for asynchronous
                // I/O, so WriteAsync would queue the same write to the thread pool and pay a hop for nothing.
                FileSystem.Write(handle, content.Span, 0);
            }
            else
            {
                await FileSystem.WriteAsync(handle, content, 0, cancellationToken).ConfigureAwait(false);
            }
            AfterStep?.Invoke(AtomicWriteStep.TempWritten);
            if (durable)
            {
                var started = Stopwatch.GetTimestamp();
                FileSystem.FlushToDisk(handle);
                ChatDbMetrics.FsyncDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(FileSystem, temp);
            DirectorySync.TryRemoveEmpty(FileSystem, created);
            throw new StorageError($"writing or flushing temp file '{temp}' for '{target}' failed: {e.Message}; '{target}' is unchanged.", e);
        }
        catch (OperationCanceledException)
        {
            TryDelete(FileSystem, temp);
            DirectorySync.TryRemoveEmpty(FileSystem, created);
            throw;
        }

        try
        {
            AfterStep?.Invoke(AtomicWriteStep.TempFlushed);
            FileSystem.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(FileSystem, temp);
            DirectorySync.TryRemoveEmpty(FileSystem, created);
            throw new StorageError($"renaming temp file '{temp}' over '{target}' failed: {e.Message}; '{target}' is unchanged.", e);
        }

        try
        {
            AfterStep?.Invoke(AtomicWriteStep.Renamed);
            if (durable)
            {
                FileSystem.SyncDirectory(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"fsync of directory '{directory}' after replacing '{target}' failed: {e.Message}; the new content may not survive a power loss.", e);
        }

        AfterStep?.Invoke(AtomicWriteStep.DirectorySynced);
        ChatDbMetrics.AtomicWrites.Add(1);
    }

    /// <summary>Deletes <paramref name="path"/> durably; false when it did not exist.</summary>
    public bool Delete(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = Path.GetFullPath(path);
        if (!FileSystem.FileExists(target))
        {
            return false;
        }

        try
        {
            FileSystem.DeleteFile(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"deleting '{target}' failed: {e.Message}", e);
        }

        if (Durable)
        {
            DirectorySync.Fsync(FileSystem, Path.GetDirectoryName(target)!);
        }

        return true;
    }

    /// <summary>
    /// A fresh temp name beside <paramref name="target"/>: <c>{target}.{16 hex}{TempSuffix}</c>. Random, so two
    /// writers of the same target never share a temp file, and of the shape <see cref="IsTempFile"/> recognises,
    /// so verify reports a leftover and the next open removes it. For every writer that replaces a file by rename.
    /// </summary>
    public string NewTempPath(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        return $"{target}.{RandomNumberGenerator.GetHexString(RandomHexLength, lowercase: true)}{TempSuffix}";
    }

    /// <summary>True when <paramref name="fileName"/> has the shape of a temp file this class writes.</summary>
    public bool IsTempFile(string fileName) => _tempFileName.IsMatch(Path.GetFileName(fileName));

    /// <summary>
    /// Deletes temp files left behind by interrupted writes in <paramref name="directory"/> (and below it
    /// when <paramref name="recursive"/>; symbolic links are not followed). Only call it while no write is
    /// in progress, i.e. when the store opens. Returns how many files were removed.
    /// </summary>
    public int CleanupTempFiles(string directory, bool recursive)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory) || new DirectoryInfo(directory).LinkTarget is not null)
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (IsTempFile(file) && new FileInfo(file).LinkTarget is null)
            {
                try
                {
                    FileSystem.DeleteFile(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new StorageError($"removing leftover temp file '{file}' failed: {e.Message}", e);
                }

                removed++;
            }
        }

        if (recursive)
        {
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                removed += CleanupTempFiles(child, recursive: true);
            }
        }

        return removed;
    }

    private static void TryDelete(IFlatfileFileSystem fileSystem, string temp)
    {
        try
        {
            fileSystem.DeleteFile(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is what the caller needs to see; a leftover temp file is removed on the next open.
        }
    }
}
