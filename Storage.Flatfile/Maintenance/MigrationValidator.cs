using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Every kind of v2 file counted in a tree, as docs/OPERATIONS.md §6 describes: users, sessions, messages and
/// documents; sessions' situational contexts, context history snapshots and document analysis files; panels (their
/// messages, insights and persona snapshots); personas (global and users'); and the system configuration.</summary>
public sealed record MigrationCounts(long Users, long Sessions, long Messages, long Documents)
{
    public long Panels { get; init; }

    public long PanelMessages { get; init; }

    public long Insights { get; init; }

    public long PanelPersonas { get; init; }

    public long Personas { get; init; }

    /// <summary>Sessions' <c>situational_context.json</c>.</summary>
    public long Contexts { get; init; }

    /// <summary>Sessions' <c>context_history/context_*.json</c>.</summary>
    public long ContextSnapshots { get; init; }

    /// <summary>Files under sessions' <c>documents/analysis/</c>.</summary>
    public long AnalysisFiles { get; init; }

    /// <summary><c>system/config.json</c> in v2; the appsettings fragment made from it in the migrated tree.</summary>
    public long Config { get; init; }

    /// <summary>Each kind with its count, in report order.</summary>
    public IReadOnlyList<(string Kind, long Count)> ByKind() =>
    [
        ("users", Users), ("sessions", Sessions), ("messages", Messages), ("situational_contexts", Contexts),
        ("context_snapshots", ContextSnapshots), ("documents", Documents), ("analysis_files", AnalysisFiles),
        ("personas", Personas), ("panels", Panels), ("panel_messages", PanelMessages), ("panel_personas", PanelPersonas),
        ("insights", Insights), ("config", Config),
    ];
}

/// <summary>The outcome of comparing the v2 tree with the migrated one.</summary>
public sealed record MigrationValidation(MigrationCounts Old, MigrationCounts New, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Seed 001's MigrationValidator for this layout: counts the v2 tree independently of the migration and the migrated tree,
/// kind by kind (<see cref="MigrationCounts.ByKind"/>), session by session, panel by panel and persona by persona. In v2 it
/// counts every <c>users/*/chat_session_*</c> directory, every non-blank line of its <c>messages.jsonl</c> that is JSON, its
/// <c>situational_context.json</c> and <c>context_history/*.json</c> that are JSON, every file in <c>documents/</c> but
/// <c>metadata.json</c>, every file under <c>documents/analysis/</c>; every <c>panel_sessions/panel_*</c> with its JSON message
/// lines, <c>insights/insight_*.json</c> and <c>personas/*.json</c>; every persona file that is JSON; and
/// <c>system/config.json</c>. Corrupt files and lines are not counted: the migration reports and leaves them out. Missing
/// entities or counts that differ are errors; extra ones are warnings.
/// </summary>
public sealed class MigrationValidator(V2SchemaTransformer transformer)
{
    /// <param name="oldBase">The v2 tree.</param>
    /// <param name="migrated">The options of the migrated tree.</param>
    /// <param name="configFragment">The appsettings fragment made from v2's <c>system/config.json</c>, when one was written.</param>
    public MigrationValidation Validate(string oldBase, FlatfileStorageOptions migrated, string? configFragment = null)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var old = CountOld(oldBase, transformer, errors);
        var now = CountNew(migrated);
        now.Config = configFragment is not null && V2Files.IsReadableJson(configFragment) ? 1 : 0;
        foreach (var (session, counts) in old.PerSession.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!now.PerSession.TryGetValue(session, out var found))
            {
                errors.Add($"Missing session: {session}");
                continue;
            }

            Compare(errors, $"Session {session}", "messages", counts.Messages, found.Messages);
            Compare(errors, $"Session {session}", "documents", counts.Documents, found.Documents);
            Compare(errors, $"Session {session}", "situational contexts", counts.Contexts, found.Contexts);
            Compare(errors, $"Session {session}", "context snapshots", counts.Snapshots, found.Snapshots);
            Compare(errors, $"Session {session}", "analysis files", counts.Analysis, found.Analysis);
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

        // Kind by kind over the whole tree: catches what the entity comparisons above cannot name (users, the configuration).
        var oldTotals = old.Totals;
        var newTotals = now.Totals;
        foreach (var ((kind, before), (_, after)) in oldTotals.ByKind().Zip(newTotals.ByKind()))
        {
            if (before > after)
            {
                errors.Add($"Kind {kind}: {before} in v2, {after} migrated");
            }
            else if (before < after)
            {
                warnings.Add($"Kind {kind}: {before} in v2, {after} in the migrated tree");
            }
        }

        return new MigrationValidation(oldTotals, newTotals, errors, warnings);
    }

    private static void Compare(List<string> errors, string subject, string what, long before, long after)
    {
        if (before != after)
        {
            errors.Add($"{subject}: {before} {what} in v2, {after} migrated");
        }
    }

    private static Tally CountOld(string oldBase, V2SchemaTransformer transformer, List<string> errors)
    {
        var tally = new Tally();
        var users = Path.Join(oldBase, V2Layout.Users);
        if (!Directory.Exists(users))
        {
            errors.Add($"'{users}' does not exist; a v2 tree keeps its users there");
            return tally;
        }

        tally.Config = V2Files.IsReadableJson(Path.Join(oldBase, V2Layout.System, V2Layout.Config)) ? 1 : 0;
        tally.AddPersonas(Path.Join(oldBase, V2Layout.GlobalPersonas), "global");
        foreach (var panel in V2Files.Directories(Path.Join(oldBase, V2Layout.Panels), "panel_*"))
        {
            var key = transformer.MapId(GeneratedIdKind.Panel, Path.GetFileName(panel)) ?? Path.GetFileName(panel);
            tally.PerPanel[key] = (V2Files.CountLines(Path.Join(panel, V2Layout.Messages)).Json,
                ReadableJson(Path.Join(panel, V2Layout.Insights), "insight_*.json"), ReadableJson(Path.Join(panel, V2Layout.Personas), "*.json"));
        }

        foreach (var user in V2Files.Directories(users))
        {
            tally.Users++;
            tally.AddPersonas(Path.Join(user, V2Layout.Personas), Path.GetFileName(user));
            foreach (var session in V2Files.Directories(user, "chat_session_*"))
            {
                var mapped = transformer.MapSessionId(Path.GetFileName(session));
                var key = $"{Path.GetFileName(user)}/{mapped ?? Path.GetFileName(session)}";
                tally.PerSession[key] = new SessionTally(
                    V2Files.CountLines(Path.Join(session, V2Layout.Messages)).Json,
                    V2Files.DocumentFiles(session).LongCount(),
                    V2Files.IsReadableJson(Path.Join(session, V2Layout.SituationalContext)) ? 1 : 0,
                    ReadableJson(Path.Join(session, V2Layout.ContextHistory), "*"),
                    V2Files.AnalysisFiles(session).LongCount());
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
                    (TreeItemType.MessageLog, RecordKind.PanelMessage) => counts with { Messages = counts.Messages + File.ReadLines(item.Path).LongCount() },
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

            if (item is { Type: TreeItemType.Record, Kind: RecordKind.File } && AnalysisOwner(migrated, item.Ids.Name) is { } owner)
            {
                var analysed = tally.PerSession.GetValueOrDefault(owner) ?? SessionTally.Empty;
                tally.PerSession[owner] = analysed with { Analysis = analysed.Analysis + 1 };
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
            var found = tally.PerSession.GetValueOrDefault(key) ?? SessionTally.Empty;
            tally.PerSession[key] = (item.Type, item.Kind) switch
            {
                (TreeItemType.MessageLog, RecordKind.Message) => found with { Messages = found.Messages + File.ReadLines(item.Path).LongCount() },
                (TreeItemType.Record, RecordKind.Document) => found with { Documents = found.Documents + 1 },
                (TreeItemType.Record, RecordKind.Context) => found with { Contexts = found.Contexts + 1 },
                (TreeItemType.Record, RecordKind.ContextSnapshot) => found with { Snapshots = found.Snapshots + 1 },
                _ => found,
            };
        }

        tally.Users = users.Count;
        return tally;
    }

    /// <summary><c>{user}/{session}</c> for a verbatim file under <c>users/{u}/{s}/documents/analysis/</c>, else null.</summary>
    private static string? AnalysisOwner(FlatfileStorageOptions options, string? relative)
    {
        var segments = relative?.Split('/') ?? [];
        return segments.Length >= 6 && segments[0] == options.UserDataDirectoryName &&
               segments[3] == options.DocumentStorageSubdirectoryName && segments[4] == options.DocumentAnalysisSubdirectoryName
            ? $"{segments[1]}/{segments[2]}"
            : null;
    }

    private static long ReadableJson(string directory, string pattern) => V2Files.Files(directory, pattern).LongCount(V2Files.IsReadableJson);

    private sealed record SessionTally(long Messages, long Documents, long Contexts, long Snapshots, long Analysis)
    {
        public static SessionTally Empty { get; } = new(0, 0, 0, 0, 0);
    }

    private sealed class Tally
    {
        public long Users { get; set; }

        public long Config { get; set; }

        public Dictionary<string, SessionTally> PerSession { get; } = new(StringComparer.Ordinal);

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
            Contexts = PerSession.Values.Sum(v => v.Contexts),
            ContextSnapshots = PerSession.Values.Sum(v => v.Snapshots),
            AnalysisFiles = PerSession.Values.Sum(v => v.Analysis),
            Config = Config,
        };

        public void AddPersonas(string directory, string owner)
        {
            foreach (var file in V2Files.Files(directory, "*.json").Where(V2Files.IsReadableJson))
            {
                Personas.Add($"{owner}/{Path.GetFileNameWithoutExtension(file)}");
            }
        }
    }
}
