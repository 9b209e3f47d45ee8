using System.Text.Json;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>One parsed line of an export: the envelope, and where its payload sits in the line.</summary>
internal ref struct ImportRecord
{
    public string Kind;
    public RecordIds Ids;
    public ReadOnlySpan<byte> Data;
    public long Offset;
    public long Length;
    public long Size;
    public byte[]? Content;

    /// <summary>Parses the envelope of <paramref name="line"/> (line <paramref name="number"/> of the export).</summary>
    public static ImportRecord Parse(ReadOnlySpan<byte> line, long number)
    {
        var record = new ImportRecord { Kind = "", Ids = RecordIds.None, Offset = -1, Length = -1, Size = -1 };
        string? user = null, session = null, panel = null, persona = null, item = null, name = null;
        int? version = null;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad(number, "not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "kind": record.Kind = reader.GetString() ?? ""; break;
                    case "user_id": user = reader.GetString(); break;
                    case "session_id": session = reader.GetString(); break;
                    case "panel_id": panel = reader.GetString(); break;
                    case "persona_id": persona = reader.GetString(); break;
                    case "context_id" or "insight_id": item = reader.GetString(); break;
                    case "filename" or "path": name = reader.GetString(); break;
                    case "version" when reader.TokenType == JsonTokenType.Number: version = reader.GetInt32(); break;
                    case "offset": record.Offset = reader.GetInt64(); break;
                    case "length": record.Length = reader.GetInt64(); break;
                    case "size": record.Size = reader.GetInt64(); break;
                    case "content_base64": record.Content = reader.GetBytesFromBase64(); break;
                    case "data":
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        record.Data = line[start..(int)reader.BytesConsumed];
                        break;
                    default: reader.Skip(); break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw Bad(number, "the object is not closed");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Bad(number, e.Message, e);
        }

        record.Ids = new RecordIds
        {
            UserId = user, SessionId = session, PanelId = panel, PersonaId = persona, ItemId = item, Version = version, Name = name,
        };
        return record;
    }

    public static IntegrityError Bad(long number, string why, Exception? inner = null) =>
        new($"export line {number} is not a valid record: {why}.", inner);
}
