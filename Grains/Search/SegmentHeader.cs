using System.Buffers.Binary;
using System.Text;

namespace ChatDb.Grains.Search;

/// <summary>
/// The 32-byte header shared by index files: magic (4 ASCII bytes), format version (u16), flags
/// (u16, 0), item count (u32), body length (u64), CRC-32 of the body (u32), reserved (u32, 0), CRC-32 of the 28 bytes
/// before it (u32). Little-endian. docs/SEARCH.md, "Files".
/// </summary>
internal static class SegmentHeader
{
    public const int Size = 32;

    public static byte[] Seal(string magic, ushort version, int count, ReadOnlySpan<byte> body)
    {
        var file = new byte[Size + body.Length];
        var header = file.AsSpan(0, Size);
        Encoding.ASCII.GetBytes(magic, header[..4]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)count);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], (ulong)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], Crc32.Compute(body));
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32.Compute(header[..28]));
        body.CopyTo(file.AsSpan(Size));
        return file;
    }

    /// <summary>Checks magic, version and both checksums; returns the body and the item count.</summary>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> file, string magic, ushort version, out int count)
    {
        if (file.Length < Size)
        {
            throw new CorruptSegmentException($"the file has {file.Length} bytes, fewer than the {Size}-byte header");
        }

        var header = file[..Size];
        if (!header[..4].SequenceEqual(Encoding.ASCII.GetBytes(magic)))
        {
            throw new CorruptSegmentException($"the file does not start with the magic '{magic}'");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[28..]) != Crc32.Compute(header[..28]))
        {
            throw new CorruptSegmentException("the header checksum does not match");
        }

        var found = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (found != version)
        {
            throw new CorruptSegmentException($"format version {found} is not the supported version {version}");
        }

        var countField = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(header[12..]);
        if (length != (ulong)(file.Length - Size) || countField > int.MaxValue)
        {
            throw new CorruptSegmentException($"the header announces {length} body bytes but {file.Length - Size} follow (truncated or extended)");
        }

        var body = file[Size..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[20..]) != Crc32.Compute(body))
        {
            throw new CorruptSegmentException("the body checksum does not match");
        }

        count = (int)countField;
        return body;
    }
}
