using System.Text.Json;

namespace ChatDb.Storage.TestKit;

/// <summary>Deep equality through JSON, so nested collections compare by content, not reference.</summary>
public static class JsonAssert
{
    public static void Equivalent<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
}
