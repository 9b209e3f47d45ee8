using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Storage.Flatfile.Tests.Hostile;

/// <summary>What a disk, a crash or a careless editor can do to a file.</summary>
public enum DamageKind
{
    /// <summary>The file ends early.</summary>
    Truncate,

    /// <summary>Bytes are replaced by garbage (random bytes, newlines, braces, quotes, seq fragments).</summary>
    Overwrite,

    /// <summary>Garbage is inserted; everything after it moves.</summary>
    Insert,

    /// <summary>A few single bits flip.</summary>
    FlipBits,

    /// <summary>A run of NUL bytes replaces the content (a lost block after a power cut).</summary>
    NulRun,

    /// <summary>A line of hundreds of kilobytes without a newline (or with one at its end) is inserted.</summary>
    HugeLine,
}

/// <summary>
/// One damage at a relative position (<paramref name="Where"/> in [0, 1]) of a file, with its own seed
/// for the garbage bytes, so a failing case prints and replays exactly.
/// </summary>
public sealed record FileDamage(DamageKind Kind, double Where, int Length, int Seed)
{
    private static readonly byte[][] GarbagePieces =
    [
        "\n"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), ","u8.ToArray(),
        "{\"seq\":"u8.ToArray(), "{\"seq\":1,"u8.ToArray(), "0"u8.ToArray(), "9"u8.ToArray(), "\r\n"u8.ToArray(),
        [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x00], "\u202E"u8.ToArray(), "null"u8.ToArray(),
    ];

    /// <summary>Damages of every kind, weighted towards the small ones, with a bounded size.</summary>
    public static Gen<FileDamage> Any { get; } =
        from kind in Gen.Frequency(
            (3, Gen.Constant(DamageKind.Truncate)),
            (4, Gen.Constant(DamageKind.Overwrite)),
            (4, Gen.Constant(DamageKind.Insert)),
            (4, Gen.Constant(DamageKind.FlipBits)),
            (2, Gen.Constant(DamageKind.NulRun)),
            (1, Gen.Constant(DamageKind.HugeLine)))
        from at in Gen.Choose(0, 10_000)
        from length in kind == DamageKind.HugeLine ? Gen.Choose(64 * 1024, 768 * 1024) : Gen.Choose(1, 600)
        from seed in Gen.Choose(0, int.MaxValue)
        select new FileDamage(kind, at / 10_000.0, length, seed);

    /// <summary>One to three damages.</summary>
    public static Gen<FileDamage[]> Several { get; } = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Any, n));

    /// <summary>The byte offset in a file of <paramref name="length"/> bytes where this damage lands.</summary>
    public int OffsetIn(int length) => (int)Math.Min(length, Math.Floor(Where * length));

    /// <summary>Applies the damage; <paramref name="firstTouched"/> is the lowest offset whose byte changed or moved.</summary>
    public byte[] Apply(byte[] content, out int firstTouched)
    {
        var random = new Random(Seed);
        var offset = OffsetIn(content.Length);
        firstTouched = offset;
        switch (Kind)
        {
            case DamageKind.Truncate:
                return content[..offset];
            case DamageKind.Overwrite:
                return Replace(content, offset, Garbage(random, Length));
            case DamageKind.Insert:
                return [.. content[..offset], .. Garbage(random, Length), .. content[offset..]];
            case DamageKind.FlipBits:
                var flipped = (byte[])content.Clone();
                if (flipped.Length == 0)
                {
                    return flipped;
                }

                firstTouched = int.MaxValue;
                for (var i = 0; i < 1 + (Length % 3); i++)
                {
                    var at = Math.Min(flipped.Length - 1, offset + random.Next(0, 64));
                    flipped[at] ^= (byte)(1 << random.Next(0, 8));
                    firstTouched = Math.Min(firstTouched, at);
                }

                return flipped;
            case DamageKind.NulRun:
                return Replace(content, offset, new byte[Length]);
            case DamageKind.HugeLine:
                var line = Encoding.ASCII.GetBytes(new string('x', Length) + (random.Next(2) == 0 ? "\n" : string.Empty));
                return [.. content[..offset], .. line, .. content[offset..]];
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown damage");
        }
    }

    public override string ToString() => $"{Kind}@{Where:0.####}x{Length}#{Seed}";

    private static byte[] Replace(byte[] content, int offset, byte[] replacement)
    {
        var damaged = (byte[])content.Clone();
        var count = Math.Min(replacement.Length, damaged.Length - offset);
        replacement.AsSpan(0, count).CopyTo(damaged.AsSpan(offset));
        return damaged;
    }

    private static byte[] Garbage(Random random, int length)
    {
        var bytes = new List<byte>(length + 8);
        while (bytes.Count < length)
        {
            if (random.Next(3) == 0)
            {
                bytes.Add((byte)random.Next(256));
            }
            else
            {
                bytes.AddRange(GarbagePieces[random.Next(GarbagePieces.Length)]);
            }
        }

        return [.. bytes.Take(length)];
    }
}
