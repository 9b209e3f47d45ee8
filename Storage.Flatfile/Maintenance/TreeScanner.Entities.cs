using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

// Users, sessions, personas and panels.
public sealed partial class TreeScanner
{
    /// <summary>The user's derived data (session index, search index): never exported, rebuilt by the grains.</summary>
    public const string DerivedIndexDirectoryName = ".index";

    private IEnumerable<TreeItem> ScanUsers()
    {
        foreach (var entry in List(Path.Join(BaseDirectory, _options.UserDataDirectoryName)))
        {
            if (entry is not DirectoryInfo user || entry.LinkTarget is not null || !EntityIdValidator.IsValid(entry.Name))
            {
                yield return Classify(entry, "not a user directory with a valid user id");
                continue;
            }

            var ids = new RecordIds { UserId = user.Name };
            var entries = List(user.FullName);
            if (!entries.Any(e => e.Name == _options.UserProfileFilename))
            {
                yield return Missing(Path.Join(user.FullName, _options.UserProfileFilename), $"user '{user.Name}' has no {_options.UserProfileFilename}");
            }

            foreach (var child in entries)
            {
                foreach (var item in ScanUserEntry(child, ids))
                {
                    yield return item;
                }
            }
        }
    }

    private IEnumerable<TreeItem> ScanUserEntry(FileSystemInfo entry, RecordIds user)
    {
        if (entry.LinkTarget is not null)
        {
            yield return Classify(entry, "a symbolic link");
        }
        else if (entry is FileInfo file)
        {
            yield return file.Name switch
            {
                _ when file.Name == _options.UserProfileFilename => new TreeItem(TreeItemType.Record, file.FullName, RecordKind.User, user),
                FlatfileLayout.SessionJournalFilename => new TreeItem(TreeItemType.SessionJournal, file.FullName, null, user),
                FlatfileLayout.SessionJournalFilename + ".idx" => new TreeItem(TreeItemType.LogIndex, file.FullName, null, user),
                FlatfileLayout.SessionJournalFilename + ".corrupt" => new TreeItem(TreeItemType.LogQuarantine, file.FullName, null, user, "torn tails cut from the session journal and kept aside"),
                _ => Classify(file, $"a user directory holds only {_options.UserProfileFilename}, {FlatfileLayout.SessionJournalFilename}, personas/, agents/, memory/, knowledge/, .index/ and session directories"),
            };
        }
        else if (entry.Name == _options.PersonasDirectoryName)
        {
            foreach (var item in ScanPersonas(entry.FullName, user.UserId, RecordKind.Persona))
            {
                yield return item;
            }
        }
        else if (entry.Name == FlatfileLayout.AgentsDirectoryName && entry is DirectoryInfo agents)
        {
            // Agents, their versions, runs and traces (docs/STORAGE.md, "Agents") are kept verbatim, like module data.
            foreach (var item in Verbatim(agents))
            {
                yield return item;
            }
        }
        else if (entry.Name == FlatfileLayout.MemoryDirectoryName && entry is DirectoryInfo memory)
        {
            // A user's long-term memories (docs/STORAGE.md, "Memory"): the change log and its snapshot, kept verbatim.
            foreach (var item in Verbatim(memory))
            {
                yield return item;
            }
        }
        else if (entry.Name == FlatfileLayout.KnowledgeDirectoryName && entry is DirectoryInfo knowledge)
        {
            // A user's knowledge base (docs/RAG.md, "Layout"): documents, extracted text and chunks, kept verbatim.
            foreach (var item in Verbatim(knowledge))
            {
                yield return item;
            }
        }
        else if (entry.Name == DerivedIndexDirectoryName)
        {
            foreach (var derived in new DirectoryInfo(entry.FullName).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
            {
                yield return _atomicFile.IsTempFile(derived.Name)
                    ? new TreeItem(TreeItemType.TempFile, derived.FullName, null, user)
                    : new TreeItem(TreeItemType.DerivedIndex, derived.FullName, null, user);
            }
        }
        else if (entry.Name.StartsWith('.'))
        {
            yield return Dotted(entry);
        }
        else if (_ids.IsValid(GeneratedIdKind.Session, entry.Name))
        {
            foreach (var item in ScanSession((DirectoryInfo)entry, user with { SessionId = entry.Name }))
            {
                yield return item;
            }
        }
        else
        {
            yield return Outside(entry, "not a session directory (chat_session_YYYYMMDD_HHMMSS_ffffff) nor personas/, agents/, memory/, knowledge/ or .index/");
        }
    }

    private IEnumerable<TreeItem> ScanSession(DirectoryInfo session, RecordIds ids)
    {
        yield return new TreeItem(TreeItemType.Container, session.FullName, RecordKind.Session, ids);
        var entries = List(session.FullName);
        var byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        if (!byName.ContainsKey(_options.SessionMetadataFilename))
        {
            yield return Missing(Path.Join(session.FullName, _options.SessionMetadataFilename), $"session '{ids.SessionId}' of user '{ids.UserId}' has no {_options.SessionMetadataFilename}");
        }

        foreach (var name in (string[])[_options.SessionMetadataFilename, _options.SituationalContextFilename])
        {
            if (byName.Remove(name, out var file))
            {
                yield return file is FileInfo && file.LinkTarget is null
                    ? new TreeItem(TreeItemType.Record, file.FullName, name == _options.SessionMetadataFilename ? RecordKind.Session : RecordKind.Context, ids)
                    : Outside(file, "expected a file");
            }
        }

        if (byName.Remove(_options.ContextHistorySubdirectoryName, out var history))
        {
            foreach (var item in ScanContextHistory(history, ids))
            {
                yield return item;
            }
        }

        if (byName.Remove(_options.DocumentStorageSubdirectoryName, out var documents))
        {
            foreach (var item in ScanDocuments(documents, ids))
            {
                yield return item;
            }
        }

        foreach (var item in ScanLog(byName, ids, RecordKind.Message))
        {
            yield return item;
        }

        // After the message log, so a reader meets the messages before the edits that name them.
        foreach (var item in ScanLog(byName, ids, RecordKind.MessageEdit, FlatfileLayout.EditsFilename))
        {
            yield return item;
        }

        // Last: events name messages and edits by seq.
        foreach (var item in ScanLog(byName, ids, RecordKind.SessionEvent, FlatfileLayout.EventsFilename))
        {
            yield return item;
        }

        foreach (var rest in byName.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            yield return Classify(rest, "the layout has no such entry in a session directory");
        }
    }

    private IEnumerable<TreeItem> ScanContextHistory(FileSystemInfo history, RecordIds ids)
    {
        if (history is not DirectoryInfo || history.LinkTarget is not null)
        {
            yield return Outside(history, "expected a directory");
            yield break;
        }

        foreach (var entry in List(history.FullName))
        {
            var id = entry.Name.EndsWith(".json", StringComparison.Ordinal) ? entry.Name[..^5] : null;
            yield return entry is FileInfo && entry.LinkTarget is null && _ids.IsValid(GeneratedIdKind.Context, id)
                ? new TreeItem(TreeItemType.Record, entry.FullName, RecordKind.ContextSnapshot, ids with { ItemId = id })
                : Classify(entry, "context history holds only context_YYYYMMDD_HHMMSS_ffffff.json files");
        }
    }

    private IEnumerable<TreeItem> ScanDocuments(FileSystemInfo documents, RecordIds ids)
    {
        if (documents is not DirectoryInfo || documents.LinkTarget is not null)
        {
            yield return Outside(documents, "expected a directory");
            yield break;
        }

        var entries = List(documents.FullName);
        var metadata = entries.FirstOrDefault(e => e.Name == _options.DocumentMetadataFilename);
        if (metadata is FileInfo && metadata.LinkTarget is null)
        {
            yield return new TreeItem(TreeItemType.Record, metadata.FullName, RecordKind.DocumentMetadata, ids);
        }

        foreach (var entry in entries)
        {
            if (entry == metadata && entry is FileInfo && entry.LinkTarget is null)
            {
                continue;
            }

            if (entry.Name == _options.DocumentAnalysisSubdirectoryName && entry is DirectoryInfo analysis && entry.LinkTarget is null)
            {
                foreach (var item in Verbatim(analysis))
                {
                    yield return item;
                }

                continue;
            }

            yield return entry is FileInfo && entry.LinkTarget is null &&
                         DocumentFilenameValidator.FindViolation(entry.Name, _options.ChatLimits.AllowedDocumentExtensions, _reservedDocumentNames) is null
                ? new TreeItem(TreeItemType.Record, entry.FullName, RecordKind.Document, ids with { Name = entry.Name })
                : Classify(entry, "not an uploaded document with an allowed name and extension");
        }
    }

    /// <summary>The log and its companions, taken out of <paramref name="byName"/>.</summary>
    private IEnumerable<TreeItem> ScanLog(Dictionary<string, FileSystemInfo> byName, RecordIds ids, RecordKind kind, string? logName = null)
    {
        var name = logName ?? _options.MessagesFilename;
        var plain = Take(byName, name);
        var archived = Take(byName, name + ArchivedSessions.ArchiveExtension);
        if (plain is not null)
        {
            yield return new TreeItem(TreeItemType.MessageLog, plain.FullName, kind, ids);
        }

        if (archived is not null)
        {
            yield return plain is null
                ? new TreeItem(TreeItemType.MessageLog, archived.FullName, kind, ids)
                : new TreeItem(TreeItemType.ArchiveLeftover, archived.FullName, kind, ids, "both the plain and the archived log exist; the plain one is authoritative");
        }

        if (Take(byName, name + ".idx") is { } index)
        {
            yield return new TreeItem(TreeItemType.LogIndex, index.FullName, kind, ids);
        }

        if (Take(byName, name + ".corrupt") is { } corrupt)
        {
            yield return new TreeItem(TreeItemType.LogQuarantine, corrupt.FullName, kind, ids, "torn tails cut from the log and kept aside");
        }
    }

    private static FileInfo? Take(Dictionary<string, FileSystemInfo> byName, string name) =>
        byName.TryGetValue(name, out var entry) && entry is FileInfo file && entry.LinkTarget is null && byName.Remove(name) ? file : null;

    private IEnumerable<TreeItem> ScanPersonas(string directory, string? userId, RecordKind kind, string? panelId = null)
    {
        foreach (var entry in List(directory))
        {
            var id = entry.Name.EndsWith(".json", StringComparison.Ordinal) ? entry.Name[..^5] : null;
            if (entry is FileInfo && entry.LinkTarget is null && EntityIdValidator.IsValid(id))
            {
                yield return new TreeItem(TreeItemType.Record, entry.FullName, kind, new RecordIds { UserId = userId, PanelId = panelId, PersonaId = id });
            }
            else if (kind == RecordKind.Persona && entry is DirectoryInfo versions && entry.LinkTarget is null && entry.Name == _options.PersonaVersionsDirectoryName)
            {
                foreach (var item in ScanPersonaVersions(versions, userId))
                {
                    yield return item;
                }
            }
            else if (kind == RecordKind.Persona && entry is DirectoryInfo && entry.LinkTarget is null && entry.Name == DerivedIndexDirectoryName)
            {
                // The persona catalog's own index (derived, rebuildable from the persona files).
                foreach (var derived in new DirectoryInfo(entry.FullName).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
                {
                    var ids = new RecordIds { UserId = userId };
                    yield return _atomicFile.IsTempFile(derived.Name)
                        ? new TreeItem(TreeItemType.TempFile, derived.FullName, null, ids)
                        : new TreeItem(TreeItemType.DerivedIndex, derived.FullName, null, ids);
                }
            }
            else
            {
                yield return Classify(entry, "a personas directory holds only {persona_id}.json files, versions/ and .index/");
            }
        }
    }

    private IEnumerable<TreeItem> ScanPersonaVersions(DirectoryInfo versions, string? userId)
    {
        foreach (var persona in List(versions.FullName))
        {
            if (persona is not DirectoryInfo || persona.LinkTarget is not null || !EntityIdValidator.IsValid(persona.Name))
            {
                yield return Classify(persona, "versions/ holds one directory per persona id");
                continue;
            }

            foreach (var entry in List(persona.FullName))
            {
                yield return entry is FileInfo && entry.LinkTarget is null && TryParseVersion(entry.Name, out var version)
                    ? new TreeItem(TreeItemType.Record, entry.FullName, RecordKind.PersonaVersion, new RecordIds { UserId = userId, PersonaId = persona.Name, Version = version })
                    : Classify(entry, "a persona's versions directory holds only v{n}.json files");
            }
        }
    }

    private IEnumerable<TreeItem> ScanPanels()
    {
        foreach (var entry in List(Path.Join(BaseDirectory, _options.PanelSessionsDirectoryName)))
        {
            if (entry is not DirectoryInfo panel || entry.LinkTarget is not null || !_ids.IsValid(GeneratedIdKind.Panel, entry.Name))
            {
                yield return Classify(entry, "not a panel directory (panel_YYYYMMDD_HHMMSS_ffffff)");
                continue;
            }

            var ids = new RecordIds { PanelId = panel.Name };
            yield return new TreeItem(TreeItemType.Container, panel.FullName, RecordKind.Panel, ids);
            var byName = List(panel.FullName).ToDictionary(e => e.Name, StringComparer.Ordinal);
            if (Take(byName, _options.PanelMetadataFilename) is { } metadata)
            {
                yield return new TreeItem(TreeItemType.Record, metadata.FullName, RecordKind.Panel, ids);
            }
            else
            {
                yield return Missing(Path.Join(panel.FullName, _options.PanelMetadataFilename), $"panel '{panel.Name}' has no {_options.PanelMetadataFilename}");
            }

            if (byName.Remove(_options.PersonasDirectoryName, out var personas))
            {
                foreach (var item in ScanPersonas(personas.FullName, null, RecordKind.PanelPersona, panel.Name))
                {
                    yield return item;
                }
            }

            if (byName.Remove(_options.PanelInsightsDirectoryName, out var insights))
            {
                foreach (var insight in List(insights.FullName))
                {
                    var id = insight.Name.EndsWith(".json", StringComparison.Ordinal) ? insight.Name[..^5] : null;
                    yield return insight is FileInfo && insight.LinkTarget is null && _ids.IsValid(GeneratedIdKind.Insight, id)
                        ? new TreeItem(TreeItemType.Record, insight.FullName, RecordKind.Insight, ids with { ItemId = id })
                        : Classify(insight, "insights/ holds only insight_YYYYMMDD_HHMMSS_ffffff.json files");
                }
            }

            foreach (var item in ScanLog(byName, ids, RecordKind.PanelMessage))
            {
                yield return item;
            }

            foreach (var item in ScanLog(byName, ids, RecordKind.PanelEvent, FlatfileLayout.EventsFilename))
            {
                yield return item;
            }

            // The panel's multi-agent runs (runs.jsonl, runs/{run_id}.json and .trace.jsonl) are kept verbatim, like agent files.
            if (byName.Remove(FlatfileLayout.PanelRunsDirectoryName, out var runs) && runs is DirectoryInfo runsDirectory && runs.LinkTarget is null)
            {
                foreach (var item in Verbatim(runsDirectory))
                {
                    yield return item;
                }
            }
            else if (runs is not null)
            {
                yield return Outside(runs, "expected the directory of the panel's runs");
            }

            // The run list is a log (format 7): the log and the side files its engine keeps beside it, verbatim. A list of
            // format 6 (runs.json) is carried too, so that export and backup of a tree not opened since never drop it;
            // verify reports it (VerifyEngine.RunLists.cs).
            var runList = FlatfileLayout.PanelRunsDirectoryName + RunLists.LogExtension;
            foreach (var name in FlatfileGrainLogStorage.LogFiles(runList).Append(FlatfileLayout.PanelRunsDirectoryName + RunLists.DocumentExtension))
            {
                if (byName.Remove(name, out var runListFile))
                {
                    yield return runListFile is FileInfo && runListFile.LinkTarget is null
                        ? new TreeItem(TreeItemType.Record, runListFile.FullName, RecordKind.File,
                            new RecordIds { Name = Path.GetRelativePath(BaseDirectory, runListFile.FullName).Replace('\\', '/') })
                        : Outside(runListFile, "expected a file");
                }
            }

            foreach (var rest in byName.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                yield return Classify(rest, "the layout has no such entry in a panel directory");
            }
        }
    }
}
