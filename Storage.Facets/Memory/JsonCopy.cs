using System.Text.Json;

namespace ChatDb.Storage.Memory;

/// <summary>
/// Moves values in and out of the memory stores as UTF-8 JSON. Storing bytes instead of objects is what
/// makes the stores behave like real storage (and like the flatfile provider, which also writes
/// System.Text.Json): a caller mutating its object after a write, or what a read returned, never changes
/// what is stored, and a type the flatfile provider cannot store fails here too.
/// </summary>
internal static class JsonCopy
{
    public static byte[] ToBytes<T>(T value, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToUtf8Bytes(value, options);

    public static T FromBytes<T>(byte[] json, JsonSerializerOptions options, Func<string> describe)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, options)!;
        }
        catch (JsonException e)
        {
            throw new IntegrityError($"{describe()}: the stored value cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }
}
