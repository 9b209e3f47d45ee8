using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Re-spells JSON between the two forms the tools move it in: compact (one line of an export) and the
/// data directory's document form (two-space indent, <c>\n</c>, UTF-8 unescaped, as
/// <see cref="Json.StorageJson.Documents"/> writes). Every property is carried over, known to the model
/// or not, so nothing a newer build wrote is lost on the way through an export.
/// </summary>
internal static class MaintenanceJson
{
    private static readonly JsonWriterOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    private static readonly JsonWriterOptions Indented = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
    };

    public static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 256,
    };

    /// <summary>The compact spelling of one JSON value.</summary>
    public static byte[] ToCompact(ReadOnlySpan<byte> json) => Rewrite(json, Compact);

    /// <summary>The document spelling of one JSON value.</summary>
    public static byte[] ToDocument(ReadOnlySpan<byte> json) => Rewrite(json, Indented);

    private static byte[] Rewrite(ReadOnlySpan<byte> json, JsonWriterOptions options)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        using var document = JsonDocument.ParseValue(ref reader);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            document.RootElement.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
