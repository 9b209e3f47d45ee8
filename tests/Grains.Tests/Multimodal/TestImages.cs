using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace ChatDb.Grains.Tests.Multimodal;

/// <summary>Images made in the test: encoded by SkiaSharp where it can, written byte by byte where it cannot (GIF, crafted headers).</summary>
internal static class TestImages
{
    /// <summary>A <paramref name="width"/>x<paramref name="height"/> picture (two colours drawn; pixel by pixel only when small, as that is slow) encoded as <paramref name="format"/>.</summary>
    public static byte[] Encode(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.Orange })
        {
            canvas.Clear(SKColors.Teal);
            canvas.DrawRect(0, 0, width / 2f, height / 2f, paint);
        }

        // A small picture gets a gradient too, so its compressed data is more than a few bytes (the truncation test cuts it).
        for (var i = 0; width * height <= 64 * 64 && i < width * height; i++)
        {
            bitmap.SetPixel(i % width, i / width, new SKColor((byte)(i * 7), (byte)(i * 13), (byte)i));
        }

        using var data = bitmap.Encode(format, 90) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}");
        return data.ToArray();
    }

    /// <summary>
    /// A 1x1 GIF89a with <paramref name="frames"/> frames (SkiaSharp encodes no GIF): header, a two-colour palette, then per
    /// frame a graphic control extension and one image block whose LZW data is the smallest valid stream.
    /// </summary>
    public static byte[] Gif(int frames)
    {
        var bytes = new List<byte>();
        bytes.AddRange("GIF89a"u8.ToArray());
        bytes.AddRange([1, 0, 1, 0, 0x80, 0, 0]);                   // 1x1, global colour table of 2 entries
        bytes.AddRange([0, 0, 0, 0xFF, 0xFF, 0xFF]);                // black, white
        for (var i = 0; i < frames; i++)
        {
            bytes.AddRange([0x21, 0xF9, 4, 0, 10, 0, 0, 0]);        // graphic control: 0.1 s a frame
            bytes.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);      // image descriptor: at 0,0, 1x1
            bytes.AddRange([2, 2, 0x44, 0x01, 0]);                  // LZW minimum code size 2, one sub-block, end
        }

        bytes.Add(0x3B);
        return [.. bytes];
    }

    /// <summary>A PNG whose header claims <paramref name="width"/>x<paramref name="height"/> and whose pixel data is a few bytes: a decompression bomb's shape.</summary>
    public static byte[] PngHeaderClaiming(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;   // bit depth
        header[9] = 6;   // RGBA
        Chunk(stream, "IHDR", header);
        Chunk(stream, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        stream.Write(word);
    }

    /// <summary>The CRC-32 PNG chunks carry (polynomial 0xEDB88320), bit by bit: a handful of bytes here.</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
