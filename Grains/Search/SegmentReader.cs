using System.Buffers.Binary;
using System.Text;

namespace ChatDb.Grains.Search;

/// <summary>Reads what <see cref="SegmentWriter"/> wrote; any overrun or malformed value throws <see cref="CorruptSegmentException"/>.</summary>
internal ref struct SegmentReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public readonly bool AtEnd => _offset == _data.Length;

    public ulong ReadVarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_offset >= _data.Length)
            {
                throw new CorruptSegmentException("a number runs past the end of the file");
            }

            var b = _data[_offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new CorruptSegmentException("a number is longer than 10 bytes");
    }

    /// <summary>A varint that must not exceed <paramref name="max"/> (counts, indexes).</summary>
    public int ReadCount(long max, string what)
    {
        var value = ReadVarUInt();
        return max >= 0 && value <= (ulong)Math.Min(max, int.MaxValue)
            ? (int)value
            : throw new CorruptSegmentException($"{what} is {value}, above the limit {max}");
    }

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    public string ReadString()
    {
        var length = ReadCount(_data.Length - _offset, "a string length");
        return Encoding.UTF8.GetString(Take(length));
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _offset)
        {
            throw new CorruptSegmentException($"{count} bytes wanted at offset {_offset}, {_data.Length - _offset} left");
        }

        var span = _data.Slice(_offset, count);
        _offset += count;
        return span;
    }
}

/// <summary>An index file is truncated or inconsistent; the caller rebuilds from the logs.</summary>
internal sealed class CorruptSegmentException(string message) : Exception(message);
