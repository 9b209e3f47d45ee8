using System.Globalization;

namespace ChatDb.Storage.Flatfile.Tests.Hostile;

/// <summary>The number of property-test cases: the CI default, or <c>CHATDB_FUZZ_ITERATIONS</c> for a long run.</summary>
internal static class FuzzIterations
{
    public static int Or(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("CHATDB_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : ciDefault;
}
