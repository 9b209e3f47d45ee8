using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Writes the records of an export into a staging tree laid out by <see cref="FlatfileLayout"/> (so every id
/// is validated exactly as the silo validates it). Logs are written line by line with their sequence checked;
/// a few log files stay open at once. File chunks must arrive in order.
/// </summary>
internal sealed class ImportWriter : IDisposable
{
    private const int MaxOpenLogs = 16;

    private readonly FlatfileLayout _layout;
    private readonly FlatfileStorageOptions _options;
    private readonly IRecordSchema _schema;
    private readonly bool _durable;
    private readonly Dictionary<string, long> _logNext = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStream> _openLogs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FileStream Stream, long Next, long Size)> _openFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reservedTopLevel;
    private (string? User, string Id, string Path)? _lastLog;

    public ImportWriter(FlatfileStorageOptions stagingOptions, IRecordSchema schema)
    {
        _options = stagingOptions;
        _layout = new FlatfileLayout(stagingOptions);
        _schema = schema;
        _durable = stagingOptions.Durability == Durability.Fsync;
        _reservedTopLevel = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            stagingOptions.UserDataDirectoryName, stagingOptions.PanelSessionsDirectoryName,
            stagingOptions.GlobalPersonasDirectoryName, stagingOptions.SystemConfigDirectoryName,
        };
    }

    /// <summary>Writes one record. Returns true when it started a new entity of its kind (for the counts).</summary>
    public bool Write(RecordKind kind, ImportRecord record, long line)
    {
        var ids = record.Ids;
        switch (kind)
        {
            case RecordKind.Message:
                AppendLogLine(LogPath(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line)), kind, record.Data, line);
                return true;
            case RecordKind.PanelMessage:
                AppendLogLine(LogPath(null, Required(ids.PanelId, "panel_id", line)), kind, record.Data, line);
                return true;
            case RecordKind.MessageEdit:
                AppendLogLine(_layout.SessionEditsFile(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line)), kind, record.Data, line);
                return true;
            case RecordKind.SessionEvent:
                AppendLogLine(_layout.SessionEventsFile(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line)), kind, record.Data, line);
                return true;
            case RecordKind.PanelEvent:
                AppendLogLine(_layout.PanelEventsFile(Required(ids.PanelId, "panel_id", line)), kind, record.Data, line);
                return true;
            case RecordKind.Document:
                return WriteChunk(_layout.DocumentFile(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line), Required(ids.Name, "filename", line)), record, line);
            case RecordKind.File:
                return WriteChunk(VerbatimPath(Required(ids.Name, "path", line), line), record, line);
            default:
                WriteDocument(DocumentPath(kind, ids, line), kind, record.Data, line);
                return true;
        }
    }

    /// <summary>The log path of a session (or, with no user, a panel), validated once per log: the layout's
    /// path checks look at every directory on the way, too costly for every one of a million lines.</summary>
    private string LogPath(string? userId, string id)
    {
        if (_lastLog is { } last && last.User == userId && last.Id == id)
        {
            return last.Path;
        }

        var path = userId is null ? _layout.PanelMessagesFile(id) : _layout.SessionMessagesFile(userId, id);
        _lastLog = (userId, id, path);
        return path;
    }

    /// <summary>Closes everything; throws when a file's chunks stopped short of its size.</summary>
    public void Complete()
    {
        foreach (var (path, file) in _openFiles)
        {
            throw new IntegrityError($"the export ends before file '{path}' is complete ({file.Next} of {file.Size} bytes).");
        }

        CloseLogs();
    }

    public void Dispose()
    {
        foreach (var file in _openFiles.Values)
        {
            file.Stream.Dispose();
        }

        foreach (var log in _openLogs.Values)
        {
            log.Dispose();
        }
    }

    private string DocumentPath(RecordKind kind, RecordIds ids, long line) => kind switch
    {
        RecordKind.User => _layout.UserProfileFile(Required(ids.UserId, "user_id", line)),
        RecordKind.Session => _layout.SessionMetadataFile(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line)),
        RecordKind.Context => _layout.SituationalContextFile(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line)),
        RecordKind.ContextSnapshot => _layout.ContextSnapshotFile(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line), Required(ids.ItemId, "context_id", line)),
        RecordKind.DocumentMetadata => _layout.DocumentMetadataFile(Required(ids.UserId, "user_id", line), Required(ids.SessionId, "session_id", line)),
        RecordKind.Panel => _layout.PanelMetadataFile(Required(ids.PanelId, "panel_id", line)),
        RecordKind.PanelPersona => _layout.PanelPersonaFile(Required(ids.PanelId, "panel_id", line), Required(ids.PersonaId, "persona_id", line)),
        RecordKind.Insight => _layout.PanelInsightFile(Required(ids.PanelId, "panel_id", line), Required(ids.ItemId, "insight_id", line)),
        RecordKind.Persona => ids.UserId is null
            ? _layout.GlobalPersonaFile(Required(ids.PersonaId, "persona_id", line))
            : _layout.UserPersonaFile(ids.UserId, Required(ids.PersonaId, "persona_id", line)),
        RecordKind.PersonaVersion => ids.UserId is null
            ? _layout.GlobalPersonaVersionFile(Required(ids.PersonaId, "persona_id", line), ids.Version ?? throw ImportRecord.Bad(line, "no version"))
            : _layout.UserPersonaVersionFile(ids.UserId, Required(ids.PersonaId, "persona_id", line), ids.Version ?? throw ImportRecord.Bad(line, "no version")),
        RecordKind.SystemConfig => _layout.SystemConfigFile,
        _ => throw ImportRecord.Bad(line, $"kind '{RecordKinds.Name(kind)}' has no document path"),
    };

    private void WriteDocument(string path, RecordKind kind, ReadOnlySpan<byte> data, long line)
    {
        if (data.IsEmpty)
        {
            throw ImportRecord.Bad(line, "no \"data\"");
        }

        _schema.Validate(kind, $"export line {line}", data);
        if (File.Exists(path))
        {
            throw ImportRecord.Bad(line, $"a second {RecordKinds.Name(kind)} record for '{path}'");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096);
        stream.Write(MaintenanceJson.ToDocument(data));
        stream.Flush(_durable);
    }

    private void AppendLogLine(string path, RecordKind kind, ReadOnlySpan<byte> data, long line)
    {
        var next = _logNext.GetValueOrDefault(path, 1);
        if (!LogLineFormat.TryReadSequence(data, out var sequence) || sequence != next)
        {
            throw ImportRecord.Bad(line, $"a {RecordKinds.Name(kind)} of '{path}' must start with {{\"seq\":{next} (records of one log in order, without gaps)");
        }

        _schema.Validate(kind, $"export line {line}", data);
        if (!_openLogs.TryGetValue(path, out var stream))
        {
            if (_openLogs.Count >= MaxOpenLogs)
            {
                CloseLogs();
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            stream = new FileStream(path, next == 1 ? FileMode.CreateNew : FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16);
            _openLogs[path] = stream;
        }

        stream.Write(data);
        stream.WriteByte((byte)'\n');
        _logNext[path] = next + 1;
    }

    private void CloseLogs()
    {
        foreach (var stream in _openLogs.Values)
        {
            stream.Flush(_durable);
            stream.Dispose();
        }

        _openLogs.Clear();
    }

    private bool WriteChunk(string path, ImportRecord record, long line)
    {
        if (record.Content is null || record.Offset < 0 || record.Size < 0 || record.Length != record.Content.Length)
        {
            throw ImportRecord.Bad(line, "a file record needs offset, length, size and content_base64 of that length");
        }

        var started = record.Offset == 0;
        if (!_openFiles.TryGetValue(path, out var file))
        {
            if (!started || File.Exists(path))
            {
                throw ImportRecord.Bad(line, $"file '{path}' does not continue a file begun earlier at offset {record.Offset}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            file = (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), 0, record.Size);
        }
        else if (record.Offset != file.Next || record.Size != file.Size)
        {
            throw ImportRecord.Bad(line, $"chunk of '{path}' at offset {record.Offset} where {file.Next} was expected");
        }

        file.Stream.Write(record.Content);
        file.Next += record.Content.Length;
        if (file.Next > file.Size)
        {
            throw ImportRecord.Bad(line, $"file '{path}' is longer than its size {file.Size}");
        }

        if (file.Next == file.Size)
        {
            file.Stream.Flush(_durable);
            file.Stream.Dispose();
            _openFiles.Remove(path);
        }
        else
        {
            _openFiles[path] = file;
        }

        return started;
    }

    /// <summary>
    /// A verbatim file may live only in a module's directory, a user's agents or memory directory, a panel's runs
    /// (<c>runs.jsonl</c> with its side files, <c>runs/{file}</c>) or a session's document analysis directory.
    /// </summary>
    private string VerbatimPath(string relative, long line)
    {
        var segments = relative.Split('/');
        if (segments.Any(s => !EntityIdValidator.IsValid(s)))
        {
            throw ImportRecord.Bad(line, $"path {IdText.Escape(relative)} has a segment that is not a valid name");
        }

        var isModule = segments.Length >= 2 && !_reservedTopLevel.Contains(segments[0]);
        var isAnalysis = segments.Length >= 6 && segments[0] == _options.UserDataDirectoryName &&
                         segments[3] == _options.DocumentStorageSubdirectoryName && segments[4] == _options.DocumentAnalysisSubdirectoryName &&
                         _layout.Ids.IsValid(GeneratedIdKind.Session, segments[2]);
        var isAgents = segments.Length >= 4 && segments[0] == _options.UserDataDirectoryName && segments[2] == FlatfileLayout.AgentsDirectoryName;
        var isPanelRuns = segments.Length >= 3 && segments[0] == _options.PanelSessionsDirectoryName && _layout.Ids.IsValid(GeneratedIdKind.Panel, segments[1])
            && ((segments.Length == 3 && IsPanelRunList(segments[2]))
                || (segments.Length == 4 && segments[2] == FlatfileLayout.PanelRunsDirectoryName));
        var isMemory = segments.Length == 4 && segments[0] == _options.UserDataDirectoryName && segments[2] == FlatfileLayout.MemoryDirectoryName
            && segments[3] is FlatfileLayout.MemoryChangesFilename or FlatfileLayout.MemorySnapshotFilename;
        var isKnowledge = segments.Length >= 4 && segments[0] == _options.UserDataDirectoryName && segments[2] == FlatfileLayout.KnowledgeDirectoryName
            && ((segments.Length == 4 && segments[3] == FlatfileLayout.KnowledgeDocumentsFilename)
                || (segments.Length == 5 && segments[3] is FlatfileLayout.KnowledgeFilesDirectoryName or FlatfileLayout.KnowledgeTextDirectoryName
                    or FlatfileLayout.KnowledgeChunksDirectoryName));
        if (!isModule && !isAnalysis && !isAgents && !isPanelRuns && !isMemory && !isKnowledge)
        {
            throw ImportRecord.Bad(line, $"path {IdText.Escape(relative)} is neither in a module's directory, a user's agents/, memory/ or knowledge/, a panel's runs nor in a session's documents/analysis");
        }

        return SafePath.Combine(_layout.BaseDirectory, segments);
    }

    /// <summary>
    /// A panel's run list: the log <c>runs.jsonl</c> and its side files, or the <c>runs.json</c> of an export of format 6
    /// or older, which its <c>system_config</c> record leaves at that format, so the next open converts it (docs/STORAGE.md,
    /// "The format version").
    /// </summary>
    private static bool IsPanelRunList(string name) =>
        name == FlatfileLayout.PanelRunsDirectoryName + RunLists.DocumentExtension
        || FlatfileGrainLogStorage.LogFiles(FlatfileLayout.PanelRunsDirectoryName + RunLists.LogExtension).Contains(name);

    private static string Required(string? value, string name, long line) =>
        value ?? throw ImportRecord.Bad(line, $"no \"{name}\"");
}
