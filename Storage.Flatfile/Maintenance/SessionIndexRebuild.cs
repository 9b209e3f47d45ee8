using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Rewrites a user's session index (<c>users/{u}/.index/sessions.json</c>, the user grain's state
/// <c>{"last_issued_id":..., "sessions":[ChatSession...]}</c>) so it lists exactly the session directories on
/// disk. The user grain reconciles the index with the directories when it activates
/// (<see cref="Providers.FlatfileUserSessions"/>), but it keeps the <c>updated_at</c> and titles only the
/// index holds, so the tools rewrite it rather than delete it. Entries it already had are kept for sessions that still exist (their
/// <c>updated_at</c> may be newer than <c>session.json</c>'s); sessions it did not list are added from their
/// <c>session.json</c>; <c>last_issued_id</c> never goes back, so no id is reused. Written atomically.
/// </summary>
internal static class SessionIndexRebuild
{
    public const string FileName = "sessions.json";

    public static async Task RebuildAsync(string userDirectory, FlatfileStorageOptions options, CancellationToken cancellationToken = default)
    {
        var ids = options.IdFormat();
        var path = Path.Join(userDirectory, TreeScanner.DerivedIndexDirectoryName, FileName);
        var kept = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        string? lastIssued = null;
        if (TryRead(path) is { ValueKind: JsonValueKind.Object } old)
        {
            if (old.TryGetProperty("last_issued_id", out var last) && last.ValueKind == JsonValueKind.String)
            {
                lastIssued = last.GetString();
            }

            if (old.TryGetProperty("sessions", out var listed) && listed.ValueKind == JsonValueKind.Array)
            {
                foreach (var session in listed.EnumerateArray())
                {
                    if (session.ValueKind == JsonValueKind.Object && session.TryGetProperty("id", out var id) && id.GetString() is { } sessionId)
                    {
                        kept[sessionId] = session;
                    }
                }
            }
        }

        var onDisk = FlatfileUserSessions.SessionDirectoryNames(userDirectory, ids);
        var sessions = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var sessionId in onDisk)
        {
            if (kept.TryGetValue(sessionId, out var listed))
            {
                sessions[sessionId] = listed;
            }
            else if (TryRead(Path.Join(userDirectory, sessionId, options.SessionMetadataFilename)) is { ValueKind: JsonValueKind.Object } fromDisk)
            {
                sessions[sessionId] = fromDisk;
            }
        }

        var newest = onDisk.Append(lastIssued).Where(i => i is not null).Max(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("last_issued_id");
            if (newest is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(newest);
            }

            writer.WriteStartArray("sessions");
            foreach (var session in sessions.Values)
            {
                session.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await new AtomicFile(options).WriteAllBytesAsync(path, buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static JsonElement? TryRead(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), MaintenanceJson.ReadOptions);
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
