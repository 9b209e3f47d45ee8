namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Files of one v2 kind: how many and their bytes.</summary>
public sealed record V2KindSize(string Kind, long Files, long Bytes);

/// <summary>
/// What <c>chatdb migrate-v2 --dry-run</c> prints: every v2 file kind with its file count and bytes, the users to migrate
/// and those a checkpoint in the target lists as done. Built by reading the v2 tree only.
/// </summary>
public sealed record V2MigrationPlan(string Source, IReadOnlyList<V2KindSize> Kinds, IReadOnlyList<string> Users, IReadOnlyList<string> UsersDone)
{
    internal static V2MigrationPlan Build(string old, IReadOnlyCollection<string> completed)
    {
        string[] order = ["profile", "session", "messages", "situational_context", "context_snapshot", "document", "document_metadata",
            "analysis", "persona", "panel", "panel_messages", "panel_persona", "insight", "config"];
        var kinds = new Dictionary<string, (long Files, long Bytes)>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            kinds[name] = (0, 0);
        }

        void Add(string kind, string path)
        {
            if (File.Exists(path))
            {
                var (files, bytes) = kinds[kind];
                kinds[kind] = (files + 1, bytes + new FileInfo(path).Length);
            }
        }

        Add("config", Path.Join(old, V2Layout.System, V2Layout.Config));
        foreach (var file in V2Files.Files(Path.Join(old, V2Layout.GlobalPersonas), "*.json"))
        {
            Add("persona", file);
        }

        var users = new List<string>();
        foreach (var user in V2Files.Directories(Path.Join(old, V2Layout.Users)))
        {
            users.Add(Path.GetFileName(user));
            Add("profile", Path.Join(user, "profile.json"));
            foreach (var file in V2Files.Files(Path.Join(user, V2Layout.Personas), "*.json"))
            {
                Add("persona", file);
            }

            foreach (var session in V2Files.Directories(user, "chat_session_*"))
            {
                Add("session", Path.Join(session, "session.json"));
                Add("messages", Path.Join(session, V2Layout.Messages));
                Add("situational_context", Path.Join(session, V2Layout.SituationalContext));
                Add("document_metadata", Path.Join(session, V2Layout.Documents, V2Layout.DocumentMetadata));
                foreach (var file in V2Files.Files(Path.Join(session, V2Layout.ContextHistory), "*"))
                {
                    Add("context_snapshot", file);
                }

                foreach (var file in V2Files.DocumentFiles(session))
                {
                    Add("document", file);
                }

                foreach (var file in V2Files.AnalysisFiles(session))
                {
                    Add("analysis", file);
                }
            }
        }

        foreach (var panel in V2Files.Directories(Path.Join(old, V2Layout.Panels), "panel_*"))
        {
            Add("panel", Path.Join(panel, "panel.json"));
            Add("panel_messages", Path.Join(panel, V2Layout.Messages));
            foreach (var file in V2Files.Files(Path.Join(panel, V2Layout.Personas), "*.json"))
            {
                Add("panel_persona", file);
            }

            foreach (var file in V2Files.Files(Path.Join(panel, V2Layout.Insights), "insight_*.json"))
            {
                Add("insight", file);
            }
        }

        var done = completed.Select(V2ExportWriter.UserOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new V2MigrationPlan(old, [.. order.Select(k => new V2KindSize(k, kinds[k].Files, kinds[k].Bytes))], users, [.. users.Where(done.Contains)]);
    }
}
