using System.Text.Json;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Reads a v2 tree (<c>{old}/users/{user}/chat_session_*/session.json</c>, <c>messages.jsonl</c>,
/// <c>situational_context.json</c>, <c>context_history/context_*.json</c>, <c>documents/</c> with
/// <c>documents/analysis/</c>, <c>profile.json</c>, <c>personas/{id}.json</c>; <c>{old}/personas_global/{id}.json</c>;
/// <c>{old}/panel_sessions/panel_*/panel.json</c>, <c>messages.jsonl</c>, <c>personas/{id}.json</c>,
/// <c>insights/insight_*.json</c>) and writes it as an export, one unit at a time (a user, or the shared part:
/// global personas and panels), so the import engine builds (and validates) the new tree and the migration can
/// commit and checkpoint unit by unit. Only reads <paramref name="oldBase"/>.
/// </summary>
internal sealed class V2ExportWriter(string oldBase, FlatfileStorageOptions options, IMaintenanceProgress progress)
{
    /// <summary>The unit that holds what belongs to no user: global personas and panels. Migrated after the users.</summary>
    public const string SharedUnit = "shared";

    private const string UserUnitPrefix = "user:";

    private readonly V2SchemaTransformer _transformer = new(options.IdFormat());
    private readonly ProgressCounter _counter = new(progress, "migrate-v2", "records");
    private List<string> _skipped = [];

    /// <summary>The units of the tree in migration order: every user directory (sorted), then <see cref="SharedUnit"/>.</summary>
    public static IReadOnlyList<string> Units(string oldBase) =>
        [.. V2Files.Directories(Path.Join(oldBase, V2Layout.Users)).Select(u => UserUnitPrefix + Path.GetFileName(u)), SharedUnit];

    /// <summary>The user of a unit, or null for <see cref="SharedUnit"/>.</summary>
    public static string? UserOf(string unit) => unit.StartsWith(UserUnitPrefix, StringComparison.Ordinal) ? unit[UserUnitPrefix.Length..] : null;

    /// <summary>Records written so far, over all units.</summary>
    public long Records => _counter.Done;

    /// <summary>Writes one unit as a complete export (header to end line). Returns the v2 entries left out of it
    /// (bad ids, unmappable names, corrupt files), each with its path and the reason.</summary>
    public IReadOnlyList<string> Write(Stream output, string unit, CancellationToken cancellationToken)
    {
        _skipped = [];
        var counts = RecordKinds.All.ToDictionary(RecordKinds.Name, _ => 0L, StringComparer.Ordinal);
        output.Write(ExportFormat.HeaderLine());
        if (UserOf(unit) is { } user)
        {
            WriteUser(output, Path.Join(oldBase, V2Layout.Users, user), counts, cancellationToken);
        }
        else
        {
            WritePersonas(output, Path.Join(oldBase, V2Layout.GlobalPersonas), userId: null, counts);
            foreach (var panel in V2Files.Directories(Path.Join(oldBase, V2Layout.Panels), "panel_*"))
            {
                cancellationToken.ThrowIfCancellationRequested();
                WritePanel(output, panel, counts);
            }
        }

        ExportEngine.WriteEnd(output, counts.Values.Sum(), counts);
        return _skipped;
    }

    public void Finish() => _counter.Finish();

    private void WriteUser(Stream output, string user, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var userId = Path.GetFileName(user);
        if (!EntityIdValidator.IsValid(userId))
        {
            _skipped.Add($"user directory '{user}': {IdText.Escape(userId)} is not a valid user id");
            return;
        }

        var sessionTimes = new List<DateTimeOffset>();
        foreach (var session in V2Files.Directories(user, "chat_session_*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteSession(output, userId, session, counts, sessionTimes, cancellationToken);
        }

        var profile = ReadJson(Path.Join(user, "profile.json"));
        var first = sessionTimes.Count > 0 ? sessionTimes.Min() : DateTimeOffset.UnixEpoch;
        var last = sessionTimes.Count > 0 ? sessionTimes.Max() : first;
        Data(output, RecordKind.User, new RecordIds { UserId = userId }, _transformer.Profile(profile, userId, first, last), counts);
        WritePersonas(output, Path.Join(user, V2Layout.Personas), userId, counts);
    }

    private void WriteSession(Stream output, string userId, string directory, Dictionary<string, long> counts, List<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        var v2Name = Path.GetFileName(directory);
        var sessionId = _transformer.MapSessionId(v2Name);
        if (sessionId is null)
        {
            _skipped.Add($"session directory '{directory}': '{v2Name}' is not chat_session_YYYYMMDD_HHMMSS[_ffffff]");
            return;
        }

        options.IdFormat().TryParse(GeneratedIdKind.Session, sessionId, out var idTime);
        // A corrupt session.json is reported; the session still migrates (title and times from the defaults) with its messages.
        var old = ReadJson(Path.Join(directory, "session.json"));
        var created = V2SchemaTransformer.Time(old, "created_at") ?? idTime;
        times.Add(created);
        var ids = new RecordIds { UserId = userId, SessionId = sessionId };
        Data(output, RecordKind.Session, ids, _transformer.Session(old, sessionId, v2Name, userId, idTime), counts);
        if (TryReadJson(Path.Join(directory, V2Layout.SituationalContext), out var context) && context is { } current)
        {
            Data(output, RecordKind.Context, ids, _transformer.Context(current, created), counts);
        }

        WriteContextHistory(output, directory, ids, counts);
        WriteDocuments(output, userId, sessionId, directory, ids, created, counts, cancellationToken);
        WriteMessages(output, Path.Join(directory, V2Layout.Messages), RecordKind.Message, ids, created, counts);
    }

    /// <summary><c>context_history/context_YYYYMMDD_HHMMSS[_ffffff].json</c> as the session's context snapshots (same name,
    /// whole seconds extended by <c>_000000</c>); a snapshot without a timestamp takes the one of its name.</summary>
    private void WriteContextHistory(Stream output, string session, RecordIds ids, Dictionary<string, long> counts)
    {
        foreach (var file in V2Files.Files(Path.Join(session, V2Layout.ContextHistory), "*"))
        {
            var name = Path.GetFileName(file);
            var contextId = name.EndsWith(".json", StringComparison.Ordinal) ? _transformer.MapId(GeneratedIdKind.Context, name[..^5]) : null;
            if (contextId is null)
            {
                _skipped.Add($"context snapshot '{file}': the name is not context_YYYYMMDD_HHMMSS[_ffffff].json");
                continue;
            }

            if (TryReadJson(file, out var snapshot) && snapshot is { } context)
            {
                options.IdFormat().TryParse(GeneratedIdKind.Context, contextId, out var taken);
                Data(output, RecordKind.ContextSnapshot, ids with { ItemId = contextId }, _transformer.Context(context, taken), counts);
            }
        }
    }

    private void WritePanel(Stream output, string directory, Dictionary<string, long> counts)
    {
        var v2Name = Path.GetFileName(directory);
        var panelId = _transformer.MapId(GeneratedIdKind.Panel, v2Name);
        if (panelId is null)
        {
            _skipped.Add($"panel directory '{directory}': '{v2Name}' is not panel_YYYYMMDD_HHMMSS[_ffffff]");
            return;
        }

        options.IdFormat().TryParse(GeneratedIdKind.Panel, panelId, out var idTime);
        var old = ReadJson(Path.Join(directory, "panel.json"));
        var created = V2SchemaTransformer.Time(old, "created_at") ?? idTime;
        var ids = new RecordIds { PanelId = panelId };
        Data(output, RecordKind.Panel, ids, V2SchemaTransformer.Panel(old, panelId, v2Name, idTime), counts);
        foreach (var file in V2Files.Files(Path.Join(directory, V2Layout.Personas), "*.json"))
        {
            var personaId = Path.GetFileNameWithoutExtension(file);
            if (!EntityIdValidator.IsValid(personaId))
            {
                _skipped.Add($"panel persona '{file}': {IdText.Escape(personaId)} is not a valid persona id");
                continue;
            }

            if (TryReadJson(file, out var persona))
            {
                Data(output, RecordKind.PanelPersona, ids with { PersonaId = personaId }, V2SchemaTransformer.Persona(persona, personaId, null, created), counts);
            }
        }

        foreach (var file in V2Files.Files(Path.Join(directory, V2Layout.Insights), "insight_*.json"))
        {
            var insightId = _transformer.MapId(GeneratedIdKind.Insight, Path.GetFileNameWithoutExtension(file));
            if (insightId is null)
            {
                _skipped.Add($"insight '{file}': the name is not insight_YYYYMMDD_HHMMSS[_ffffff].json");
                continue;
            }

            if (TryReadJson(file, out var insight))
            {
                options.IdFormat().TryParse(GeneratedIdKind.Insight, insightId, out var insightTime);
                Data(output, RecordKind.Insight, ids with { ItemId = insightId }, V2SchemaTransformer.Insight(insight, insightId, panelId, insightTime), counts);
            }
        }

        WriteMessages(output, Path.Join(directory, V2Layout.Messages), RecordKind.PanelMessage, ids, created, counts);
    }

    /// <summary>Personas of one v2 directory as version 1, each with its version file (the persona grain keeps both).</summary>
    private void WritePersonas(Stream output, string directory, string? userId, Dictionary<string, long> counts)
    {
        foreach (var file in V2Files.Files(directory, "*.json"))
        {
            var personaId = Path.GetFileNameWithoutExtension(file);
            if (!EntityIdValidator.IsValid(personaId))
            {
                _skipped.Add($"persona '{file}': {IdText.Escape(personaId)} is not a valid persona id");
                continue;
            }

            if (!TryReadJson(file, out var old))
            {
                continue;
            }

            var persona = V2SchemaTransformer.Persona(old, personaId, userId, new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
            var ids = new RecordIds { UserId = userId, PersonaId = personaId };
            Data(output, RecordKind.Persona, ids, persona, counts);
            Data(output, RecordKind.PersonaVersion, ids with { Version = 1 }, persona, counts);
        }
    }

    /// <summary>A v2 message log mapped as docs/OPERATIONS.md §6 describes: blank lines skipped, a line that is not JSON
    /// reported (file and line) and left out, <c>seq</c> 1..n over the lines kept, in file order.</summary>
    private void WriteMessages(Stream output, string messages, RecordKind kind, RecordIds ids, DateTimeOffset timestampFallback, Dictionary<string, long> counts)
    {
        if (!File.Exists(messages))
        {
            return;
        }

        var prefix = ExportFormat.Prefix(kind, ids);
        using var stream = File.OpenRead(messages);
        using var reader = new LineReader(stream);
        var seq = 0L;
        var number = 0L;
        while (reader.TryReadLine(out var line, out _, out _))
        {
            number++;
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            JsonDocument message;
            try
            {
                message = JsonDocument.Parse(line.ToArray(), MaintenanceJson.ReadOptions);
            }
            catch (JsonException e)
            {
                _skipped.Add($"message log '{messages}' line {number}: not valid JSON ({e.Message}); the line is left out");
                continue;
            }

            using (message)
            {
                output.Write(prefix);
                output.Write("\"data\":"u8);
                output.Write(_transformer.Message(message.RootElement, ++seq, timestampFallback));
                output.Write("}\n"u8);
            }

            counts[RecordKinds.Name(kind)]++;
            _counter.Add();
        }
    }

    private void WriteDocuments(Stream output, string userId, string sessionId, string directory, RecordIds ids, DateTimeOffset created, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var files = new List<(string Name, long Size)>();
        foreach (var file in V2Files.DocumentFiles(directory).Select(f => new FileInfo(f)))
        {
            if (DocumentFilenameValidator.FindViolation(file.Name, options.ChatLimits.AllowedDocumentExtensions, [options.DocumentMetadataFilename, options.DocumentAnalysisSubdirectoryName]) is { } rule)
            {
                _skipped.Add($"document '{file.FullName}': the name breaks rule '{rule}'");
                continue;
            }

            files.Add((file.Name, file.Length));
        }

        var prefix = $"{options.UserDataDirectoryName}/{userId}/{sessionId}/{options.DocumentStorageSubdirectoryName}/";
        if (files.Count > 0)
        {
            var metadata = _transformer.DocumentMetadata(ReadJson(Path.Join(directory, V2Layout.Documents, V2Layout.DocumentMetadata)), files, prefix, created);
            Data(output, RecordKind.DocumentMetadata, ids, metadata, counts);
            foreach (var (name, _) in files)
            {
                ExportEngine.WriteFile(output, new TreeItem(TreeItemType.Record, Path.Join(directory, V2Layout.Documents, name), RecordKind.Document, ids with { Name = name }), cancellationToken);
                counts[RecordKinds.Name(RecordKind.Document)]++;
            }
        }

        // Analysis results are kept byte for byte in the same place of the new layout (docs/STORAGE.md: documents/analysis/).
        var analysisRoot = Path.Join(directory, V2Layout.Documents, V2Layout.Analysis);
        foreach (var file in V2Files.AnalysisFiles(directory))
        {
            var below = Path.GetRelativePath(analysisRoot, file).Replace('\\', '/');
            if (below.Split('/').FirstOrDefault(s => !EntityIdValidator.IsValid(s)) is { } bad)
            {
                _skipped.Add($"analysis file '{file}': {IdText.Escape(bad)} is not a valid file or directory name");
                continue;
            }

            var relative = $"{prefix}{options.DocumentAnalysisSubdirectoryName}/{below}";
            ExportEngine.WriteFile(output, new TreeItem(TreeItemType.Record, file, RecordKind.File, new RecordIds { Name = relative }), cancellationToken);
            counts[RecordKinds.Name(RecordKind.File)]++;
        }
    }

    private static void Data(Stream output, RecordKind kind, RecordIds ids, byte[] data, Dictionary<string, long> counts)
    {
        output.Write(ExportFormat.Prefix(kind, ids));
        output.Write("\"data\":"u8);
        output.Write(data);
        output.Write("}\n"u8);
        counts[RecordKinds.Name(kind)]++;
    }

    /// <summary>A v2 JSON file, null when absent; a corrupt one is reported and read as absent.</summary>
    private JsonElement? ReadJson(string path)
    {
        if (!V2Files.TryReadJson(path, out var element, out var reason))
        {
            _skipped.Add($"'{path}': {reason}; migrated as if absent (the defaults of docs/OPERATIONS.md §6)");
        }

        return element;
    }

    /// <summary>False (and reported) when the file exists but is not JSON; true with null when absent.</summary>
    private bool TryReadJson(string path, out JsonElement? element)
    {
        if (V2Files.TryReadJson(path, out element, out var reason))
        {
            return true;
        }

        _skipped.Add($"'{path}': {reason}; the file is left out");
        return false;
    }
}
