using System.Text.Json;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Walks a data directory and reports every problem with its path: JSON that does not parse or match its
/// model, content that names other ids than its path, logs with torn tails, gaps or stale indexes, missing
/// required files, temp files and scratch directories, derived indexes that disagree with the tree, and
/// anything outside the layout. <see cref="RepairAsync"/> fixes what can be fixed without losing a readable
/// record (see <see cref="ProblemKind"/>).
/// </summary>
public sealed partial class VerifyEngine
{
    private const int MaxModelErrorsPerLog = 10;

    private readonly FlatfileStorageOptions _options;
    private readonly IRecordSchema _schema;
    private readonly IMaintenanceProgress _progress;
    private readonly TimeProvider _timeProvider;

    public VerifyEngine(FlatfileStorageOptions options, IRecordSchema schema, IMaintenanceProgress? progress = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schema);
        _options = options;
        _schema = schema;
        _progress = progress ?? NoProgress.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies the data directory, holding its lock.</summary>
    public async Task<VerifyReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        EnsureExists();
        using var held = MaintenanceLock.Acquire(_options.StorageBasePath, "verify");
        return await Task.Run(() => Verify(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies without taking the lock (a staging tree nobody else knows of).</summary>
    public VerifyReport Verify(CancellationToken cancellationToken = default)
    {
        var problems = new List<VerifyProblem>();
        _journaled.Clear();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var counter = new ProgressCounter(_progress, "verify", "records");
        foreach (var item in new TreeScanner(_options).Scan())
        {
            cancellationToken.ThrowIfCancellationRequested();
            Check(item, problems, counts, counter, cancellationToken);
        }

        counter.Finish();
        return new VerifyReport(problems, counts);
    }

    private void Check(TreeItem item, List<VerifyProblem> problems, Dictionary<string, long> counts, ProgressCounter counter, CancellationToken cancellationToken)
    {
        switch (item.Type)
        {
            case TreeItemType.Container:
                Count(counts, item.Kind == RecordKind.Session ? "sessions" : "panels");
                break;
            case TreeItemType.Record:
                Count(counts, RecordKinds.Name(item.Kind!.Value));
                counter.Add();
                if (item.Kind is RecordKind.Document or RecordKind.File)
                {
                    CheckAgentFile(item, problems);
                    CheckMemoryFile(item, problems);
                    CheckKnowledgeFile(item, problems);
                    CheckPanelRunFile(item, problems);
                    break;
                }

                CheckDocument(item, problems);
                break;
            case TreeItemType.MessageLog:
                counts[RecordKinds.Name(item.Kind!.Value)] = counts.GetValueOrDefault(RecordKinds.Name(item.Kind.Value)) +
                    CheckLog(item, problems, counter, cancellationToken);
                CheckEditTargets(item, problems);
                CheckEventTargets(item, problems);
                CheckPanelMessageRuns(item, problems);
                break;
            case TreeItemType.ArchiveLeftover:
                problems.Add(new VerifyProblem(ProblemKind.ArchiveLeftover, item.Path,
                    $"archived log '{item.Path}' exists beside its plain log; the plain log is authoritative (an archive or inflate was interrupted).", Repairable: true));
                break;
            case TreeItemType.LogIndex when !File.Exists(item.Path[..^4]):
                problems.Add(new VerifyProblem(ProblemKind.StaleLogIndex, item.Path, $"offset index '{item.Path}' has no log beside it.", Repairable: true));
                break;
            case TreeItemType.LogQuarantine:
                problems.Add(new VerifyProblem(ProblemKind.KeptAside, item.Path, $"'{item.Path}' holds torn tails the log engine cut and kept aside; inspect and delete it by hand.", Repairable: false, IsError: false));
                break;
            case TreeItemType.DerivedIndex:
                CheckDerived(item, problems);
                break;
            case TreeItemType.SessionJournal:
                CheckSessionJournal(item, problems, cancellationToken);
                break;
            case TreeItemType.Missing when IsJournaled(item.Ids) && item.Path.EndsWith(Path.DirectorySeparatorChar + _options.SessionMetadataFilename, StringComparison.Ordinal):
                // The journal check reports it (JournaledSession): the next open rebuilds it from the journal.
                break;
            case TreeItemType.TempFile:
                problems.Add(new VerifyProblem(ProblemKind.StrayTempFile, item.Path, $"'{item.Path}' is the temp file of an interrupted write.", Repairable: true));
                break;
            case TreeItemType.StagingDirectory:
                problems.Add(new VerifyProblem(ProblemKind.StagingLeftover, item.Path, $"'{item.Path}' was {item.Note}.", Repairable: true));
                break;
            case TreeItemType.RestoringDirectory:
                problems.Add(new VerifyProblem(ProblemKind.InterruptedRestore, item.Path,
                    $"'{item.Path}' is a restore that stopped during its final swap: the top level mixes old and restored entries. " +
                    "--repair (or starting the silo) finishes it from its manifest, replacing the old data.", Repairable: true));
                break;
            case TreeItemType.ReplacedDirectory:
                problems.Add(new VerifyProblem(ProblemKind.KeptAside, item.Path, $"'{item.Path}' is {item.Note}.", Repairable: false, IsError: false));
                break;
            case TreeItemType.Missing:
                var isProfile = item.Path.EndsWith(Path.DirectorySeparatorChar + _options.UserProfileFilename, StringComparison.Ordinal);
                var isSession = item.Path.EndsWith(Path.DirectorySeparatorChar + _options.SessionMetadataFilename, StringComparison.Ordinal);
                problems.Add(new VerifyProblem(ProblemKind.MissingFile, item.Path, $"{item.Note} ('{item.Path}').", Repairable: isSession, IsError: !isProfile));
                break;
            case TreeItemType.Outside:
                problems.Add(new VerifyProblem(ProblemKind.OutsideLayout, item.Path, $"'{item.Path}' is outside the layout: {item.Note}.", Repairable: false));
                break;
        }
    }

    private void CheckDocument(TreeItem item, List<VerifyProblem> problems)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(item.Path);
            _schema.Validate(item.Kind!.Value, item.Path, bytes);
        }
        catch (Exception e) when (e is IntegrityError or IOException)
        {
            // A session.json a crash tore before its directory was synced is rebuilt from the journal (JournaledSession).
            if (!(item.Kind == RecordKind.Session && IsJournaled(item.Ids)))
            {
                problems.Add(new VerifyProblem(ProblemKind.InvalidDocument, item.Path, e.Message, Repairable: false));
            }

            return;
        }

        using var document = JsonDocument.Parse(bytes, MaintenanceJson.ReadOptions);
        var root = document.RootElement;
        var ids = item.Ids;
        var expected = item.Kind switch
        {
            RecordKind.User => [("user_id", ids.UserId)],
            RecordKind.Session => [("id", ids.SessionId), ("user_id", ids.UserId)],
            RecordKind.Panel => [("id", ids.PanelId)],
            RecordKind.Insight => [("id", ids.ItemId), ("panel_id", ids.PanelId)],
            RecordKind.Persona or RecordKind.PersonaVersion => [("id", ids.PersonaId), ("user_id", ids.UserId)],
            RecordKind.PanelPersona => [("id", ids.PersonaId)],
            _ => Array.Empty<(string, string?)>(),
        };
        foreach (var (name, value) in expected)
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var found) &&
                (found.ValueKind == JsonValueKind.Null ? null : found.ToString()) != value)
            {
                problems.Add(new VerifyProblem(ProblemKind.IdentityMismatch, item.Path,
                    $"'{item.Path}' has {name} \"{found}\" but its path says \"{value ?? "null"}\".", Repairable: false));
            }
        }

        if (item.Kind == RecordKind.PersonaVersion && root.TryGetProperty("version", out var version) &&
            version.ValueKind == JsonValueKind.Number && version.GetInt32() != ids.Version)
        {
            problems.Add(new VerifyProblem(ProblemKind.IdentityMismatch, item.Path,
                $"'{item.Path}' has version {version.GetInt32()} but its file name says v{ids.Version}.", Repairable: false));
        }

        if (item.Kind == RecordKind.DocumentMetadata && root.ValueKind == JsonValueKind.Object)
        {
            CheckDocumentFiles(item, root, problems);
        }
    }

    private static void CheckDocumentFiles(TreeItem item, JsonElement root, List<VerifyProblem> problems)
    {
        var directory = Path.GetDirectoryName(item.Path)!;
        foreach (var entry in root.EnumerateObject())
        {
            var filename = entry.Value.TryGetProperty("filename", out var name) ? name.GetString() ?? entry.Name : entry.Name;
            var file = new FileInfo(Path.Join(directory, filename));
            if (!file.Exists)
            {
                problems.Add(new VerifyProblem(ProblemKind.MissingDocument, file.FullName,
                    $"document '{filename}' of session '{item.Ids.SessionId}' (user '{item.Ids.UserId}') is listed in '{item.Path}' but its file is missing.", Repairable: false));
            }
            else if (entry.Value.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.GetInt64() != file.Length)
            {
                problems.Add(new VerifyProblem(ProblemKind.MissingDocument, file.FullName,
                    $"document '{filename}' of session '{item.Ids.SessionId}' (user '{item.Ids.UserId}') has {file.Length} bytes but '{item.Path}' says {size.GetInt64()}.", Repairable: false));
            }
        }
    }

    private void CheckDerived(TreeItem item, List<VerifyProblem> problems)
    {
        if (Path.GetFileName(item.Path) != "sessions.json")
        {
            return;
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        var ids = _options.IdFormat();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(item.Path), MaintenanceJson.ReadOptions);
            CollectSessionIds(document.RootElement, listed);
        }
        catch (JsonException e)
        {
            problems.Add(new VerifyProblem(ProblemKind.StaleDerivedIndex, item.Path, $"session index '{item.Path}' does not parse: {e.Message}", Repairable: true));
            return;
        }

        var userDirectory = Path.GetDirectoryName(Path.GetDirectoryName(item.Path))!;
        var onDisk = Directory.EnumerateDirectories(userDirectory).Select(Path.GetFileName)
            .Where(name => ids.IsValid(GeneratedIdKind.Session, name)).ToHashSet(StringComparer.Ordinal);
        var missing = listed.Except(onDisk!).Order(StringComparer.Ordinal).ToList();
        var unlisted = onDisk.Except(listed).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new VerifyProblem(ProblemKind.StaleDerivedIndex, item.Path,
                $"session index '{item.Path}' of user '{item.Ids.UserId}' disagrees with the session directories: " +
                $"listed but missing [{string.Join(", ", missing.Take(10))}], present but not listed [{string.Join(", ", unlisted.Take(10))}].", Repairable: true));
        }
        else if (unlisted.Count > 0)
        {
            // The user grain writes a new session before its index ("session first, index second"), so a crash,
            // or a live backup's point in time, between the two leaves an unlisted session: a state the silo
            // accepts (the session is not listed, nothing is lost), hence a warning and not an error.
            problems.Add(new VerifyProblem(ProblemKind.StaleDerivedIndex, item.Path,
                $"session index '{item.Path}' of user '{item.Ids.UserId}' does not list the session directories " +
                $"[{string.Join(", ", unlisted.Take(10))}] (created just before a crash or a live backup, before the index was written).", Repairable: true, IsError: false));
        }

        void CollectSessionIds(JsonElement element, HashSet<string> found)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    // last_issued_id names the newest id ever handed out, kept after that session is deleted.
                    foreach (var property in element.EnumerateObject().Where(p => p.Name != "last_issued_id"))
                    {
                        if (ids.IsValid(GeneratedIdKind.Session, property.Name))
                        {
                            found.Add(property.Name);
                        }

                        CollectSessionIds(property.Value, found);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var value in element.EnumerateArray())
                    {
                        CollectSessionIds(value, found);
                    }

                    break;
                case JsonValueKind.String when ids.IsValid(GeneratedIdKind.Session, element.GetString()):
                    found.Add(element.GetString()!);
                    break;
            }
        }
    }

    private void EnsureExists()
    {
        if (!Directory.Exists(_options.StorageBasePath))
        {
            throw new ConfigurationError($"data directory '{Path.GetFullPath(_options.StorageBasePath)}' does not exist.");
        }
    }

    private static void Count(Dictionary<string, long> counts, string name) => counts[name] = counts.GetValueOrDefault(name) + 1;
}
