using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// The export file (docs/OPERATIONS.md §2): UTF-8 JSON Lines. Line 1 is
/// <c>{"kind":"header","format":"chatdb-export","version":1}</c>, the last line is
/// <c>{"kind":"end","records":N,"counts":{...}}</c>, and every line between is one record
/// <c>{"kind":K, ids..., "data":{...}}</c> (JSON files and log lines, all their properties kept) or
/// <c>{"kind":K, ids..., "offset":O,"length":L,"size":S,"content_base64":"..."}</c> (file bytes, in chunks
/// of at most <see cref="ChunkSize"/> bytes so no line and no buffer grows with the file).
/// </summary>
public static class ExportFormat
{
    public const string FormatName = "chatdb-export";
    public const int Version = 1;

    /// <summary>Bytes of file content per record; a multiple of 3 so chunks concatenate as base64 too.</summary>
    public const int ChunkSize = 3 * 256 * 1024;

    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    internal static byte[] HeaderLine() =>
        Encoding.UTF8.GetBytes($"{{\"kind\":\"{RecordKinds.Header}\",\"format\":\"{FormatName}\",\"version\":{Version}}}\n");

    /// <summary><c>{"kind":"...",ids...,</c>: everything of a record before its payload.</summary>
    internal static byte[] Prefix(RecordKind kind, RecordIds ids)
    {
        var text = new StringBuilder(128);
        text.Append("{\"kind\":\"").Append(RecordKinds.Name(kind)).Append('"');
        Add(text, "user_id", ids.UserId, always: kind is RecordKind.Persona or RecordKind.PersonaVersion);
        Add(text, "session_id", ids.SessionId);
        Add(text, "panel_id", ids.PanelId);
        Add(text, "persona_id", ids.PersonaId);
        Add(text, kind == RecordKind.Insight ? "insight_id" : "context_id", ids.ItemId);
        if (ids.Version is { } version)
        {
            text.Append(",\"version\":").Append(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Add(text, kind == RecordKind.File ? "path" : "filename", ids.Name);
        text.Append(',');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Add(StringBuilder text, string name, string? value, bool always = false)
    {
        if (value is null && !always)
        {
            return;
        }

        text.Append(",\"").Append(name).Append("\":");
        text.Append(value is null ? "null" : "\"" + JsonEncodedText.Encode(value, Encoder).Value + "\"");
    }
}
