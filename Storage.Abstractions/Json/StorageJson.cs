using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatDb.Storage.Json;

/// <summary>
/// The JSON conventions of stored documents and log records, in one place: the flatfile provider writes
/// them and grains that keep documents as files serialise with them, so every file of the data directory
/// reads alike whoever wrote it. Property names are snake_case
/// (<c>created_at</c>); dictionary keys are kept exactly as the caller gave them (they are data, not
/// names); enums are snake_case strings; timestamps ISO 8601 UTC with microseconds; non-ASCII text is
/// written as UTF-8, not escaped, so files stay readable. Reading is strict: a missing required
/// property, a null where the model says non-null, a comment or a trailing comma is an error.
/// Unknown properties are skipped so an older build can read a newer file. A type marked
/// <see cref="StorageJsonContractAttribute"/> is described by its source-generated context, others by reflection.
/// </summary>
public static class StorageJson
{
    /// <summary>For whole documents (<c>*.json</c>): indented, for people who open the files.</summary>
    public static JsonSerializerOptions Documents { get; } = Create(writeIndented: true);

    /// <summary>For JSONL records (<c>*.jsonl</c>): one line per record, never indented.</summary>
    public static JsonSerializerOptions Lines { get; } = Create(writeIndented: false);

    private static JsonSerializerOptions Create(bool writeIndented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = writeIndented,
            IndentSize = 2,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new StorageJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }
}
