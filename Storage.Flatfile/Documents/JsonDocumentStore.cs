using System.Text.Json;
using ChatDb.Storage.Json;

namespace ChatDb.Storage.Flatfile.Documents;

/// <summary>
/// Whole JSON documents (<c>profile.json</c>, <c>session.json</c>, ...) read and written with
/// <see cref="StorageJson.Documents"/>, replaced atomically through <see cref="AtomicFile"/>. Paths come
/// from <see cref="Layout.FlatfileLayout"/>, which has validated every id in them.
/// </summary>
public sealed class JsonDocumentStore(AtomicFile atomicFile)
{
    private readonly AtomicFile _atomicFile = atomicFile ?? throw new ArgumentNullException(nameof(atomicFile));

    /// <summary>The document at <paramref name="path"/>, or null when there is no such file.</summary>
    /// <exception cref="IntegrityError">The file exists but is not a valid <typeparamref name="T"/> document;
    /// the message names the file, the byte offset, line, and JSON path.</exception>
    public async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = await _atomicFile.FileSystem.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"reading document '{path}' failed: {e.Message}", e);
        }

        return Parse<T>(path, bytes);
    }

    /// <summary>Atomically replaces (or creates) the document at <paramref name="path"/>.</summary>
    public Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, StorageJson.Documents);
        return _atomicFile.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    /// <summary>Deletes the document; false when there was none.</summary>
    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_atomicFile.Delete(path));
    }

    /// <summary>Parses document bytes; shared with tools that read files themselves (verify, export).</summary>
    public static T Parse<T>(string path, ReadOnlySpan<byte> bytes)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, StorageJson.Documents)
                ?? throw new IntegrityError($"document '{path}' holds JSON null instead of a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            var line = e.LineNumber ?? 0;
            var inLine = e.BytePositionInLine ?? 0;
            throw new IntegrityError(
                $"document '{path}' is not a valid {typeof(T).Name}: at byte {ByteOffset(bytes, line, inLine)} " +
                $"(line {line + 1}, byte {inLine} of the line), JSON path '{e.Path ?? "$"}': {FirstSentence(e.Message)}",
                e);
        }
    }

    // JsonException reports a line and a byte within it; the absolute offset is what hex editors and `dd` want.
    private static long ByteOffset(ReadOnlySpan<byte> bytes, long line, long inLine)
    {
        long offset = 0;
        for (long seen = 0; seen < line; seen++)
        {
            var newline = bytes[(int)offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return bytes.Length;
            }

            offset += newline + 1;
        }

        return Math.Min(offset + inLine, bytes.Length);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
