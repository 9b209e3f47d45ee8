using System.Text.Json;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Reads a v2 tree (<c>{old}/users/{user}/chat_session_*/session.json</c>, <c>messages.jsonl</c>,
/// <c>situational_context.json</c>, <c>documents/</c>, <c>profile.json</c>, <c>personas/{id}.json</c>;
/// <c>{old}/personas_global/{id}.json</c>; <c>{old}/panel_sessions/panel_*/panel.json</c>, <c>messages.jsonl</c>,
/// <c>personas/{id}.json</c>, <c>insights/insight_*.json</c>) and writes it as an export, so the import engine
/// builds (and validates) the new tree. Only reads <paramref name="oldBase"/>.
/// </summary>
internal sealed class V2ExportWriter(string oldBase, FlatfileStorageOptions options, IMaintenanceProgress progress)
{
    private readonly V2SchemaTransformer _transformer = new(options.IdFormat());
    private readonly List<string> _skipped = [];

    /// <summary>v2 entries that could not be migrated (bad user id, unmappable session name, bad filename).</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    public void Write(Stream output, CancellationToken cancellationToken)
    {
        var counts = RecordKinds.All.ToDictionary(RecordKinds.Name, _ => 0L, StringComparer.Ordinal);
        var counter = new ProgressCounter(progress, "migrate-v2", "records");
        output.Write(ExportFormat.HeaderLine());
        WritePersonas(output, Path.Join(oldBase, V2Layout.GlobalPersonas), userId: null, counts);
        foreach (var user in Sorted(Directories(Path.Join(oldBase, V2Layout.Users))))
        {
            var userId = Path.GetFileName(user);
            if (!EntityIdValidator.IsValid(userId))
            {
                _skipped.Add($"user directory '{user}': {IdText.Escape(userId)} is not a valid user id");
                continue;
            }

            var sessions = Sorted(Directory.EnumerateDirectories(user, "chat_session_*")).ToList();
            var sessionTimes = new List<DateTimeOffset>();
            foreach (var session in sessions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteSession(output, userId, session, counts, counter, sessionTimes, cancellationToken);
            }

            var profile = ReadJson(Path.Join(user, "profile.json"));
            var first = sessionTimes.Count > 0 ? sessionTimes.Min() : DateTimeOffset.UnixEpoch;
            var last = sessionTimes.Count > 0 ? sessionTimes.Max() : first;
            Data(output, RecordKind.User, new RecordIds { UserId = userId }, _transformer.Profile(profile, userId, first, last), counts);
            WritePersonas(output, Path.Join(user, V2Layout.Personas), userId, counts);
        }

        foreach (var panel in Sorted(Directories(Path.Join(oldBase, V2Layout.Panels), "panel_*")))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WritePanel(output, panel, counts, counter);
        }

        ExportEngine.WriteEnd(output, counts.Values.Sum(), counts);
        counter.Finish();
    }

    private void WriteSession(Stream output, string userId, string directory, Dictionary<string, long> counts, ProgressCounter counter, List<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        var v2Name = Path.GetFileName(directory);
        var sessionId = _transformer.MapSessionId(v2Name);
        if (sessionId is null)
        {
            _skipped.Add($"session directory '{directory}': '{v2Name}' is not chat_session_YYYYMMDD_HHMMSS[_ffffff]");
            return;
        }

        options.IdFormat().TryParse(GeneratedIdKind.Session, sessionId, out var idTime);
        var old = ReadJson(Path.Join(directory, "session.json"));
        var created = V2SchemaTransformer.Time(old, "created_at") ?? idTime;
        times.Add(created);
        var ids = new RecordIds { UserId = userId, SessionId = sessionId };
        Data(output, RecordKind.Session, ids, _transformer.Session(old, sessionId, v2Name, userId, idTime), counts);
        if (ReadJson(Path.Join(directory, "situational_context.json")) is { } context)
        {
            Data(output, RecordKind.Context, ids, _transformer.Context(context, created), counts);
        }

        WriteDocuments(output, userId, sessionId, directory, ids, created, counts, cancellationToken);
        var messages = Path.Join(directory, "messages.jsonl");
        if (!File.Exists(messages))
        {
            return;
        }

        WriteMessages(output, messages, RecordKind.Message, ids, created, counts, counter);
    }

    private void WritePanel(Stream output, string directory, Dictionary<string, long> counts, ProgressCounter counter)
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
        foreach (var file in Sorted(Files(Path.Join(directory, V2Layout.Personas), "*.json")))
        {
            var personaId = Path.GetFileNameWithoutExtension(file);
            if (!EntityIdValidator.IsValid(personaId))
            {
                _skipped.Add($"panel persona '{file}': {IdText.Escape(personaId)} is not a valid persona id");
                continue;
            }

            Data(output, RecordKind.PanelPersona, ids with { PersonaId = personaId }, V2SchemaTransformer.Persona(ReadJson(file), personaId, null, created), counts);
        }

        foreach (var file in Sorted(Files(Path.Join(directory, V2Layout.Insights), "insight_*.json")))
        {
            var insightId = _transformer.MapId(GeneratedIdKind.Insight, Path.GetFileNameWithoutExtension(file));
            if (insightId is null)
            {
                _skipped.Add($"insight '{file}': the name is not insight_YYYYMMDD_HHMMSS[_ffffff].json");
                continue;
            }

            options.IdFormat().TryParse(GeneratedIdKind.Insight, insightId, out var insightTime);
            Data(output, RecordKind.Insight, ids with { ItemId = insightId }, V2SchemaTransformer.Insight(ReadJson(file), insightId, panelId, insightTime), counts);
        }

        WriteMessages(output, Path.Join(directory, "messages.jsonl"), RecordKind.PanelMessage, ids, created, counts, counter);
    }

    /// <summary>Personas of one v2 directory as version 1, each with its version file (the persona grain keeps both).</summary>
    private void WritePersonas(Stream output, string directory, string? userId, Dictionary<string, long> counts)
    {
        foreach (var file in Sorted(Files(directory, "*.json")))
        {
            var personaId = Path.GetFileNameWithoutExtension(file);
            if (!EntityIdValidator.IsValid(personaId))
            {
                _skipped.Add($"persona '{file}': {IdText.Escape(personaId)} is not a valid persona id");
                continue;
            }

            var persona = V2SchemaTransformer.Persona(ReadJson(file), personaId, userId, new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
            var ids = new RecordIds { UserId = userId, PersonaId = personaId };
            Data(output, RecordKind.Persona, ids, persona, counts);
            Data(output, RecordKind.PersonaVersion, ids with { Version = 1 }, persona, counts);
        }
    }

    /// <summary>A v2 message log mapped as docs/OPERATIONS.md §6 describes: blank lines skipped, <c>seq</c> 1..n in file order.</summary>
    private void WriteMessages(Stream output, string messages, RecordKind kind, RecordIds ids, DateTimeOffset timestampFallback, Dictionary<string, long> counts, ProgressCounter counter)
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
                throw new IntegrityError($"v2 log '{messages}' line {number} is not JSON ({e.Message}); fix or remove the line and run the migration again.", e);
            }

            using (message)
            {
                output.Write(prefix);
                output.Write("\"data\":"u8);
                output.Write(_transformer.Message(message.RootElement, ++seq, timestampFallback));
                output.Write("}\n"u8);
            }

            counts[RecordKinds.Name(kind)]++;
            counter.Add();
        }
    }

    private void WriteDocuments(Stream output, string userId, string sessionId, string directory, RecordIds ids, DateTimeOffset created, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var documents = Path.Join(directory, "documents");
        if (!Directory.Exists(documents))
        {
            return;
        }

        var files = new List<(string Name, long Size)>();
        foreach (var file in Sorted(Directory.EnumerateFiles(documents)).Select(f => new FileInfo(f)))
        {
            if (file.Name == options.DocumentMetadataFilename)
            {
                continue;
            }

            if (DocumentFilenameValidator.FindViolation(file.Name, options.ChatLimits.AllowedDocumentExtensions, [options.DocumentMetadataFilename, options.DocumentAnalysisSubdirectoryName]) is { } rule)
            {
                _skipped.Add($"document '{file.FullName}': the name breaks rule '{rule}'");
                continue;
            }

            files.Add((file.Name, file.Length));
        }

        if (files.Count == 0)
        {
            return;
        }

        var prefix = $"{options.UserDataDirectoryName}/{userId}/{sessionId}/{options.DocumentStorageSubdirectoryName}/";
        var metadata = _transformer.DocumentMetadata(ReadJson(Path.Join(documents, options.DocumentMetadataFilename)), files, prefix, created);
        Data(output, RecordKind.DocumentMetadata, ids, metadata, counts);
        foreach (var (name, _) in files)
        {
            ExportEngine.WriteFile(output, new TreeItem(TreeItemType.Record, Path.Join(documents, name), RecordKind.Document, ids with { Name = name }), cancellationToken);
            counts[RecordKinds.Name(RecordKind.Document)]++;
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

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), MaintenanceJson.ReadOptions);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new IntegrityError($"v2 file '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal);

    private static IEnumerable<string> Directories(string directory, string pattern = "*") =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory, pattern) : [];

    private static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern) : [];
}
