using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// Keeps the bytes of a cut tail in <c>{log}.corrupt</c> before the log is truncated, so nothing is
/// thrown away silently. Each cut adds one header line
/// <c>#chatdb-cut-tail {"at":...,"log":...,"offset":...,"length":...,"reason":...}</c>
/// followed by the raw bytes and a newline.
/// </summary>
internal static class LogTailQuarantine
{
    public static string PathFor(string logPath) => logPath + ".corrupt";

    public static void Keep(SafeFileHandle log, string logPath, long offset, long end, string reason, AppendLogOptions options)
    {
        var fileSystem = options.FileSystem;
        var corruptPath = PathFor(logPath);
        var existed = fileSystem.FileExists(corruptPath);
        using (var corrupt = fileSystem.OpenHandle(corruptPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
        {
            var position = fileSystem.GetLength(corrupt);
            var header = Header(logPath, offset, end - offset, reason, options.TimeProvider);
            fileSystem.Write(corrupt, header, position);
            position += header.Length;

            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var last = LogLineFormat.NewLine;
                for (var source = offset; source < end;)
                {
                    var read = fileSystem.Read(log, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - source)), source);
                    if (read == 0)
                    {
                        break;
                    }

                    fileSystem.Write(corrupt, buffer.AsSpan(0, read), position);
                    position += read;
                    source += read;
                    last = buffer[read - 1];
                }

                if (last != LogLineFormat.NewLine)
                {
                    fileSystem.Write(corrupt, "\n"u8, position);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // The kept bytes must be durable before the log loses them.
            fileSystem.FlushToDisk(corrupt);
        }

        if (!existed)
        {
            fileSystem.SyncDirectory(System.IO.Path.GetDirectoryName(corruptPath)!);
        }
    }

    private static byte[] Header(string logPath, long offset, long length, string reason, TimeProvider time)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("#chatdb-cut-tail "u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("at", time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("log", System.IO.Path.GetFileName(logPath));
            writer.WriteNumber("offset", offset);
            writer.WriteNumber("length", length);
            writer.WriteString("reason", reason);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
