namespace ChatDb.Grains.Search;

/// <summary>
/// A fixed, process-independent 64-bit hash for feature hashing (FNV-1a over UTF-16 code units,
/// finished with the SplitMix64 mixer). <c>string.GetHashCode</c> is randomized per process, so it
/// cannot place features in a persisted vector.
/// </summary>
internal static class FeatureHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(ReadOnlySpan<char> text, ulong seed)
    {
        var hash = OffsetBasis ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return Mix(hash);
    }

    public static ulong Combine(ulong first, ulong second, ulong seed) => Mix((first * Prime) ^ second ^ seed);

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
