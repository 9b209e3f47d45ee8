using System.Text.Json;
using ChatDb.Storage.Json;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// Compares models field by field through their on-disk JSON (records holding maps and lists compare those
/// by reference, so <c>Assert.Equal</c> on the records would not look inside them).
/// </summary>
internal static class Same
{
    public static void Json<T>(T expected, T actual, string what)
    {
        var expectedJson = JsonSerializer.Serialize(expected, StorageJson.Documents);
        var actualJson = JsonSerializer.Serialize(actual, StorageJson.Documents);
        if (!string.Equals(expectedJson, actualJson, StringComparison.Ordinal))
        {
            Assert.Fail($"{what} differs after the restart.\nexpected:\n{expectedJson}\nactual:\n{actualJson}");
        }
    }
}
