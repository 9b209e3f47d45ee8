using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChatDb.Grains.Search;

/// <summary>
/// Dot product of an int8 vector with an int16 vector (int8 values widened), the inner loop of the
/// vector scan. A quarter of the bytes of float32 pass through memory, which is what bounds a scan
/// of 100,000 vectors. AVX2 uses multiply-add of adjacent pairs; other machines use the portable
/// Vector256 path (products of two int8 values fit in int16).
/// </summary>
internal static class Int8Dot
{
    public static int Compute(ReadOnlySpan<sbyte> values, ReadOnlySpan<short> query) =>
        Avx2.IsSupported ? ComputeAvx2(values, query) : ComputePortable(values, query);

    internal static int ComputeAvx2(ReadOnlySpan<sbyte> values, ReadOnlySpan<short> query)
    {
        var sum = Vector256<int>.Zero;
        var i = 0;
        for (; i + 32 <= values.Length; i += 32)
        {
            var (low, high) = Vector256.Widen(Vector256.Create(values[i..]));
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(low, Vector256.Create(query[i..])));
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(high, Vector256.Create(query[(i + 16)..])));
        }

        return Vector256.Sum(sum) + Tail(values, query, i);
    }

    internal static int ComputePortable(ReadOnlySpan<sbyte> values, ReadOnlySpan<short> query)
    {
        var sum = Vector256<int>.Zero;
        var i = 0;
        for (; i + 32 <= values.Length; i += 32)
        {
            var (low, high) = Vector256.Widen(Vector256.Create(values[i..]));
            var (p0, p1) = Vector256.Widen(low * Vector256.Create(query[i..]));
            var (p2, p3) = Vector256.Widen(high * Vector256.Create(query[(i + 16)..]));
            sum += p0 + p1 + p2 + p3;
        }

        return Vector256.Sum(sum) + Tail(values, query, i);
    }

    private static int Tail(ReadOnlySpan<sbyte> values, ReadOnlySpan<short> query, int from)
    {
        var sum = 0;
        for (var i = from; i < values.Length; i++)
        {
            sum += values[i] * query[i];
        }

        return sum;
    }
}
