using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests.Support;

/// <summary>
/// Writes a v2 tree that holds every v2 file kind (docs/OPERATIONS.md §6): per user a profile, a persona and two sessions
/// (one named with whole seconds) with messages (and a blank line), situational context, two context history snapshots,
/// documents with <c>metadata.json</c> and analysis files (one nested); global personas; a panel with messages, a persona
/// snapshot and an insight; and <c>system/config.json</c>. With <c>corrupt</c>, user 0 gets a persona that is not JSON and
/// user 1 a message line that is not JSON: the migration must report both and carry the rest.
/// </summary>
public static class V2TreeGenerator
{
    public const string WholeSeconds = "chat_session_20240115_100000";
    public const string WithMicros = "chat_session_20240116_090000_123456";
    public const string Panel = "panel_20240120_120000";

    /// <summary>Writes the tree under <paramref name="root"/> and returns what a complete migration must count.</summary>
    public static MigrationCounts Generate(string root, int users, bool corrupt = false)
    {
        Write(root, "personas_global/sage.json", "{\"name\":\"Sage\",\"system_prompt\":\"Be wise\",\"created_at\":\"2024-01-01T00:00:00\"}");
        Write(root, "system/config.json",
            "{\"storage\":{\"base_path\":\"./data\",\"max_message_size_bytes\":65536,\"max_sessions_per_user\":100,\"session_timestamp_format\":\"%Y%m%d_%H%M%S\"," +
            "\"allowed_document_extensions\":[\".pdf\",\".txt\",\".md\"]},\"search\":{\"full_text_search_min_word_length\":3}," +
            "\"vector\":{\"enable_vector_storage\":true,\"default_embedding_provider\":\"openai\"}}");
        for (var i = 0; i < users; i++)
        {
            var user = $"users/user{i}";
            Write(root, $"{user}/profile.json", $"{{\"user_id\":\"user{i}\",\"username\":\"User {i}\",\"created_at\":\"2024-01-01T00:00:00\",\"preferences\":{{\"theme\":\"dark\"}}}}");
            Write(root, $"{user}/personas/coach.json", "{\"name\":\"Coach\"}");
            var a = $"{user}/{WholeSeconds}";
            Write(root, $"{a}/session.json", $"{{\"session_id\":\"{WholeSeconds}\",\"session_name\":\"Chat {i}\",\"created_at\":\"2024-01-15T10:00:00\"}}");
            Write(root, $"{a}/messages.jsonl",
                "{\"id\":1,\"message_id\":\"m1\",\"role\":\"user\",\"content\":\"Hello\",\"timestamp\":\"2024-01-15T10:00:01\"}\n" +
                (corrupt && i == 1 ? "{\"role\":\"user\",\"content\":\"cut off\n" : "") +
                "\n{\"message_id\":\"m2\",\"role\":\"assistant\",\"content\":\"Hi\",\"attachments\":[\"notes.txt\"]}\n{\"content\":\"third\"}\n");
            Write(root, $"{a}/situational_context.json", "{\"summary\":\"greeting\",\"key_points\":[\"hello\"],\"entities\":{},\"timestamp\":\"2024-01-15T10:01:00\",\"confidence\":0.9}");
            Write(root, $"{a}/context_history/context_20240115_100500.json", "{\"summary\":\"first\",\"key_points\":[],\"entities\":{},\"confidence\":0.5}");
            Write(root, $"{a}/context_history/context_20240115_101000_000001.json", "{\"summary\":\"second\",\"timestamp\":\"2024-01-15T10:10:00\"}");
            Write(root, $"{a}/documents/notes.txt", $"notes of user {i}\n");
            Write(root, $"{a}/documents/report.pdf", "%PDF-1.4 fake");
            Write(root, $"{a}/documents/metadata.json",
                "{\"notes.txt\":{\"filename\":\"notes.txt\",\"mime_type\":\"text/plain\",\"uploaded_at\":\"2024-01-15T10:02:00\",\"analysis\":{\"words\":4}}}");
            Write(root, $"{a}/documents/analysis/notes.txt.summary.json", "{\"summary\":\"notes\"}");
            Write(root, $"{a}/documents/analysis/deep/report.json", $"{{\"pages\":{i + 1}}}");
            var b = $"{user}/{WithMicros}";
            Write(root, $"{b}/session.json", "{\"title\":\"Second\"}");
            Write(root, $"{b}/messages.jsonl", "{\"role\":\"user\",\"content\":\"again\"}\n{\"role\":\"assistant\",\"content\":\"yes\"}\n");
            if (corrupt && i == 0)
            {
                Write(root, $"{user}/personas/broken.json", "{\"name\": not json");
            }
        }

        var panel = $"panel_sessions/{Panel}";
        Write(root, $"{panel}/panel.json", "{\"type\":\"focus_group\",\"personas\":[\"sage\"],\"created_at\":\"2024-01-20T12:00:00\",\"config\":{\"rounds\":2}}");
        Write(root, $"{panel}/messages.jsonl", "{\"role\":\"sage\",\"content\":\"Consider\"}\n{\"role\":\"user\",\"content\":\"Thanks\"}\n");
        Write(root, $"{panel}/personas/sage.json", "{\"name\":\"Sage\"}");
        Write(root, $"{panel}/insights/insight_20240120_121500.json", "{\"summary\":\"agree\"}");
        return new MigrationCounts(users, 2L * users, 5L * users, 2L * users)
        {
            Panels = 1,
            PanelMessages = 2,
            Insights = 1,
            PanelPersonas = 1,
            Personas = users + 1,
            Contexts = users,
            ContextSnapshots = 2L * users,
            AnalysisFiles = 2L * users,
            Config = 1,
        };
    }

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Join(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
