using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Users, sessions, messages and documents of a tree, as docs/OPERATIONS.md §6 describes; and
/// the same for panels (their messages, insights and persona snapshots) and personas (global and users').</summary>
public sealed record MigrationCounts(long Users, long Sessions, long Messages, long Documents)
{
    public long Panels { get; init; }

    public long PanelMessages { get; init; }

    public long Insights { get; init; }

    public long PanelPersonas { get; init; }

    public long Personas { get; init; }
}

/// <summary>The outcome of comparing the v2 tree with the migrated one.</summary>
public sealed record MigrationValidation(MigrationCounts Old, MigrationCounts New, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Seed 001's MigrationValidator for this layout: counts the v2 tree independently of the migration (every
/// <c>users/*/chat_session_*</c> directory, every non-blank line of its <c>messages.jsonl</c>, every file in
/// <c>documents/</c> but <c>metadata.json</c>) and the migrated tree, session by session. Panels are compared
/// panel by panel (every <c>panel_sessions/panel_*</c>: non-blank message lines, <c>insights/insight_*.json</c>,
/// <c>personas/*.json</c>) and personas one by one (<c>personas_global/*.json</c>, <c>users/*/personas/*.json</c>).
/// Missing entities or counts that differ are errors; extra ones are warnings.
/// </summary>
public sealed class MigrationValidator(V2SchemaTransformer transformer)
{
    public MigrationValidation Validate(string oldBase, FlatfileStorageOptions migrated)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var old = CountOld(oldBase, transformer, errors);
        var now = CountNew(migrated);
        foreach (var (session, (messages, documents)) in old.PerSession.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!now.PerSession.TryGetValue(session, out var found))
            {
                errors.Add($"Missing session: {session}");
                continue;
            }

            if (found.Messages != messages)
            {
                errors.Add($"Session {session}: {messages} messages in v2, {found.Messages} migrated");
            }

            if (found.Documents != documents)
            {
                errors.Add($"Session {session}: {documents} documents in v2, {found.Documents} migrated");
            }
        }

        foreach (var extra in now.PerSession.Keys.Except(old.PerSession.Keys).Order(StringComparer.Ordinal))
        {
            warnings.Add($"Extra session found: {extra}");
        }

        foreach (var (panel, counts) in old.PerPanel.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!now.PerPanel.TryGetValue(panel, out var found))
            {
                errors.Add($"Missing panel: {panel}");
            }
            else if (found != counts)
            {
                errors.Add($"Panel {panel}: {counts.Messages} messages, {counts.Insights} insights, {counts.Personas} personas in v2; " +
                           $"{found.Messages}, {found.Insights}, {found.Personas} migrated");
            }
        }

        warnings.AddRange(now.PerPanel.Keys.Except(old.PerPanel.Keys).Order(StringComparer.Ordinal).Select(p => $"Extra panel found: {p}"));
        errors.AddRange(old.Personas.Except(now.Personas).Order(StringComparer.Ordinal).Select(p => $"Missing persona: {p}"));
        warnings.AddRange(now.Personas.Except(old.Personas).Order(StringComparer.Ordinal).Select(p => $"Extra persona found: {p}"));

        return new MigrationValidation(old.Totals, now.Totals, errors, warnings);
    }

    private static Tally CountOld(string oldBase, V2SchemaTransformer transformer, List<string> errors)
    {
        var tally = new Tally();
        var users = Path.Join(oldBase, "users");
        if (!Directory.Exists(users))
        {
            errors.Add($"'{users}' does not exist; a v2 tree keeps its users there");
            return tally;
        }

        tally.AddPersonas(Path.Join(oldBase, V2Layout.GlobalPersonas), "global");
        var panels = Path.Join(oldBase, V2Layout.Panels);
        foreach (var panel in Directory.Exists(panels) ? Directory.EnumerateDirectories(panels, "panel_*") : [])
        {
            var key = transformer.MapId(GeneratedIdKind.Panel, Path.GetFileName(panel)) ?? Path.GetFileName(panel);
            tally.PerPanel[key] = (NonBlankLines(Path.Join(panel, "messages.jsonl")),
                FileCount(Path.Join(panel, V2Layout.Insights), "insight_*.json"), FileCount(Path.Join(panel, V2Layout.Personas), "*.json"));
        }

        foreach (var user in Directory.EnumerateDirectories(users))
        {
            tally.Users++;
            tally.AddPersonas(Path.Join(user, V2Layout.Personas), Path.GetFileName(user));
            foreach (var session in Directory.EnumerateDirectories(user, "chat_session_*"))
            {
                var mapped = transformer.MapSessionId(Path.GetFileName(session));
                var key = $"{Path.GetFileName(user)}/{mapped ?? Path.GetFileName(session)}";
                var messageCount = NonBlankLines(Path.Join(session, "messages.jsonl"));
                var documents = Path.Join(session, "documents");
                var documentCount = Directory.Exists(documents) ? Directory.EnumerateFiles(documents).LongCount(f => Path.GetFileName(f) != "metadata.json") : 0;
                tally.PerSession[key] = (messageCount, documentCount);
            }
        }

        return tally;
    }

    private static Tally CountNew(FlatfileStorageOptions migrated)
    {
        var tally = new Tally();
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in new TreeScanner(migrated).Scan())
        {
            if (item.Ids.PanelId is { } panel)
            {
                var counts = tally.PerPanel.GetValueOrDefault(panel);
                tally.PerPanel[panel] = (item.Type, item.Kind) switch
                {
                    (TreeItemType.MessageLog, _) => counts with { Messages = counts.Messages + File.ReadLines(item.Path).LongCount() },
                    (TreeItemType.Record, RecordKind.Insight) => counts with { Insights = counts.Insights + 1 },
                    (TreeItemType.Record, RecordKind.PanelPersona) => counts with { Personas = counts.Personas + 1 },
                    _ => counts,
                };
                continue;
            }

            if (item is { Type: TreeItemType.Record, Kind: RecordKind.Persona })
            {
                tally.Personas.Add($"{item.Ids.UserId ?? "global"}/{item.Ids.PersonaId}");
                continue;
            }

            if (item.Ids.UserId is not { } user || item.Ids.SessionId is not { } session)
            {
                if (item.Type == TreeItemType.Record && item.Kind == RecordKind.User)
                {
                    users.Add(item.Ids.UserId!);
                }

                continue;
            }

            users.Add(user);
            var key = $"{user}/{session}";
            var (messages, documents) = tally.PerSession.GetValueOrDefault(key);
            if (item.Type == TreeItemType.MessageLog)
            {
                messages += File.ReadLines(item.Path).LongCount();
            }
            else if (item.Type == TreeItemType.Record && item.Kind == RecordKind.Document)
            {
                documents++;
            }

            if (item.Type is TreeItemType.Container or TreeItemType.MessageLog || item.Kind == RecordKind.Document)
            {
                tally.PerSession[key] = (messages, documents);
            }
        }

        tally.Users = users.Count;
        return tally;
    }

    private static long NonBlankLines(string path) =>
        File.Exists(path) ? File.ReadLines(path).LongCount(l => !string.IsNullOrWhiteSpace(l)) : 0;

    private static long FileCount(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern).LongCount() : 0;

    private sealed class Tally
    {
        public long Users { get; set; }

        public Dictionary<string, (long Messages, long Documents)> PerSession { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (long Messages, long Insights, long Personas)> PerPanel { get; } = new(StringComparer.Ordinal);

        /// <summary><c>global/{id}</c> or <c>{user}/{id}</c>.</summary>
        public HashSet<string> Personas { get; } = new(StringComparer.Ordinal);

        public MigrationCounts Totals => new(Users, PerSession.Count, PerSession.Values.Sum(v => v.Messages), PerSession.Values.Sum(v => v.Documents))
        {
            Panels = PerPanel.Count,
            PanelMessages = PerPanel.Values.Sum(v => v.Messages),
            Insights = PerPanel.Values.Sum(v => v.Insights),
            PanelPersonas = PerPanel.Values.Sum(v => v.Personas),
            Personas = Personas.Count,
        };

        public void AddPersonas(string directory, string owner)
        {
            foreach (var file in Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.json") : [])
            {
                Personas.Add($"{owner}/{Path.GetFileNameWithoutExtension(file)}");
            }
        }
    }
}
