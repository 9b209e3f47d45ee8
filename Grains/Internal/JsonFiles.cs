using ChatDb.Storage;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Storage.Files;
using ChatDb.Storage.Json;

namespace ChatDb.Grains.Internal;

/// <summary>
/// Bytes of the documents grains keep through <see cref="IGrainFileStorage"/> (context snapshots,
/// insights, persona versions and snapshots), in the data directory's JSON conventions
/// (<see cref="StorageJson.Documents"/>: snake_case, UTC with microseconds), so they read like every
/// other file of the layout whichever file provider stores them.
/// </summary>
internal static class JsonFiles
{
    public static byte[] ToBytes<T>(T value) =>
        JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)StorageJson.Documents.GetTypeInfo(typeof(T)));

    /// <summary>Parses a stored document; a document that does not parse is an <see cref="IntegrityError"/> naming it.</summary>
    public static T FromBytes<T>(byte[] content, string description)
    {
        try
        {
            return JsonSerializer.Deserialize(content, (JsonTypeInfo<T>)StorageJson.Documents.GetTypeInfo(typeof(T)))
                ?? throw new IntegrityError($"{description} holds JSON null, not a {typeof(T).Name}.");
        }
        catch (JsonException error)
        {
            throw new IntegrityError($"{description} is not a valid {typeof(T).Name}: {error.Message}", error);
        }
    }
}
