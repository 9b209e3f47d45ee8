using System.Buffers.Binary;
using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// The sparse offset index kept beside a log as <c>{log}.idx</c>. It only speeds up opening and
/// reading: it is written without fsync and rebuilt from the log whenever it is missing, stale or
/// damaged, so losing it loses nothing.
/// <code>
/// header, 16 bytes:  magic "CHDBLIDX" (8 ASCII bytes)
///                    version     uint16 little-endian = 1
///                    reserved    uint16 = 0
///                    spacing K   uint32 little-endian (records per entry)
/// entries, 16 bytes each, entry i describes record i*K+1:
///                    sequence    int64 little-endian (= i*K+1, checked on load)
///                    offset      int64 little-endian (byte offset of that record's line)
/// </code>
/// The file is only created once a log has a second entry (more than K records): below that the
/// whole log is one scan of at most K lines anyway, and a chat database keeps many small logs.
/// </summary>
internal static class LogIndexFile
{
    public const int HeaderSize = 16;
    public const int EntrySize = 16;
    public const ushort Version = 1;

    private static ReadOnlySpan<byte> Magic => "CHDBLIDX"u8;

    public static string PathFor(string logPath) => logPath + ".idx";

    /// <summary>
    /// Loads and structurally checks the index. Returns null with a reason when it is absent or
    /// unusable; the caller then rebuilds it from the log.
    /// </summary>
    public static LogSparseIndex? TryLoad(IFlatfileFileSystem fileSystem, string indexPath, int spacing, long logLength, out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            if (!fileSystem.FileExists(indexPath))
            {
                problem = "missing";
                return null;
            }

            bytes = fileSystem.ReadAllBytes(indexPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"unreadable ({e.Message})";
            return null;
        }

        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            problem = "bad header";
            return null;
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) != Version)
        {
            problem = "unknown version";
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)) != spacing)
        {
            problem = "written with another index spacing";
            return null;
        }

        // A torn last entry (the index is written without fsync) is ignored, not fatal.
        var count = (bytes.Length - HeaderSize) / EntrySize;
        var offsets = new long[Math.Max(4, count)];
        var previous = -1L;
        for (var i = 0; i < count; i++)
        {
            var entry = bytes.AsSpan(HeaderSize + (i * EntrySize), EntrySize);
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(entry);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(entry[8..]);
            if (sequence != LogSparseIndex.SequenceOf(i, spacing) || offset <= previous || (i == 0 && offset != 0) || offset >= logLength)
            {
                problem = $"entry {i} (seq {sequence}, offset {offset}) is inconsistent with the log of {logLength} bytes";
                return null;
            }

            offsets[i] = offset;
            previous = offset;
        }

        return new LogSparseIndex(spacing, offsets, count);
    }

    /// <summary>
    /// Brings the file up to date with <paramref name="index"/>. Appends the entries after
    /// <paramref name="persisted"/> when the file holds exactly those, else rewrites it whole.
    /// Returns the number of entries now in the file.
    /// </summary>
    public static int Write(IFlatfileFileSystem fileSystem, string indexPath, LogSparseIndex index, int persisted)
    {
        if (index.Count < 2 && persisted <= 0 && !fileSystem.FileExists(indexPath))
        {
            return 0;
        }

        using var handle = fileSystem.OpenHandle(indexPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var expectedLength = HeaderSize + ((long)Math.Max(persisted, 0) * EntrySize);
        var from = persisted > 0 && fileSystem.GetLength(handle) == expectedLength ? persisted : 0;
        var size = (from == 0 ? HeaderSize : 0) + ((index.Count - from) * EntrySize);
        var buffer = new byte[size];
        var position = 0;
        if (from == 0)
        {
            Magic.CopyTo(buffer);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(8), Version);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(12), (uint)index.Spacing);
            position = HeaderSize;
        }

        for (var i = from; i < index.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(position), LogSparseIndex.SequenceOf(i, index.Spacing));
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(position + 8), index.Offsets[i]);
            position += EntrySize;
        }

        var fileOffset = from == 0 ? 0 : expectedLength;
        fileSystem.Write(handle, buffer, fileOffset);
        if (from == 0)
        {
            fileSystem.SetLength(handle, buffer.Length);
        }

        return index.Count;
    }

    /// <summary>True when <paramref name="offset"/> starts the line of record <paramref name="sequence"/>.</summary>
    public static bool PointsAtRecord(IFlatfileFileSystem fileSystem, SafeFileHandle log, long offset, long sequence)
    {
        Span<byte> probe = stackalloc byte[1 + 7 + LogLineFormat.MaxSequenceDigits + 1];
        var start = Math.Max(0, offset - 1);
        var read = fileSystem.Read(log, probe, start);
        var bytes = probe[..read];
        if (offset > 0)
        {
            if (bytes.IsEmpty || bytes[0] != LogLineFormat.NewLine)
            {
                return false;
            }

            bytes = bytes[1..];
        }

        return LogLineFormat.TryReadSequence(bytes, out var found) && found == sequence;
    }
}
