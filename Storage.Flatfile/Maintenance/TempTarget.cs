using System.Security.Cryptography;
using ChatDb.Storage.Flatfile.Documents;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Writes an output file (export, backup) so that it exists only when complete: into
/// <c>{target}.{hex}.partial</c> beside it, fsync, rename, fsync the directory. Any failure or cancellation
/// deletes the temp file, so Ctrl-C never leaves a half-written target.
/// </summary>
public static class TempTarget
{
    public const string Suffix = ".partial";

    /// <summary>Runs <paramref name="write"/> on a temp file beside <paramref name="target"/> and renames it into place only when it returns.</summary>
    public static async Task<T> WriteAsync<T>(string target, Func<Stream, Task<T>> write, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(target);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = $"{full}.{RandomNumberGenerator.GetHexString(16, lowercase: true)}{Suffix}";
        try
        {
            T result;
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            await using (stream.ConfigureAwait(false))
            {
                result = await Task.Run(() => write(stream), cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            DirectorySync.Fsync(directory);
            return result;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
