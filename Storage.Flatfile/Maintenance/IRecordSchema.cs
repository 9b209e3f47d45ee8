using System.Text.Json;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Checks that the JSON of a file or log line matches its model. The models live above the storage
/// (<c>Grains.Interfaces</c>), so the tools receive this from the host that knows them (the CLI's
/// <c>ChatModelSchema</c>); <see cref="RecordSchema.Structural"/> only checks that the JSON parses.
/// </summary>
public interface IRecordSchema
{
    /// <summary>Throws <see cref="IntegrityError"/> naming <paramref name="path"/> and the rule when
    /// <paramref name="json"/> is not a valid <paramref name="kind"/>.</summary>
    void Validate(RecordKind kind, string path, ReadOnlySpan<byte> json);
}

/// <summary>Schemas that need no models.</summary>
public static class RecordSchema
{
    /// <summary>Accepts any well-formed JSON object.</summary>
    public static IRecordSchema Structural { get; } = new StructuralSchema();

    private sealed class StructuralSchema : IRecordSchema
    {
        public void Validate(RecordKind kind, string path, ReadOnlySpan<byte> json)
        {
            try
            {
                var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.TrySkip() || reader.Read())
                {
                    throw new IntegrityError($"'{path}' is not a valid {RecordKinds.Name(kind)}: expected one JSON object.");
                }
            }
            catch (JsonException e)
            {
                throw new IntegrityError($"'{path}' is not a valid {RecordKinds.Name(kind)}: {e.Message}", e);
            }
        }
    }
}
