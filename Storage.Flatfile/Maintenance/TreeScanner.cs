using System.Globalization;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Walks a data directory in one fixed order (names sorted ordinally at every level) and says what every
/// entry is according to docs/STORAGE.md. Export, verify and the v2 validator all see the tree through
/// this one class, so they agree on what belongs where. Streams: memory is one directory listing at a time.
/// </summary>
public sealed partial class TreeScanner
{
    private readonly FlatfileStorageOptions _options;
    private readonly EntityIdFormat _ids;
    private readonly AtomicFile _atomicFile;
    private readonly string[] _reservedDocumentNames;

    public TreeScanner(FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        BaseDirectory = SafePath.Canonical(options.StorageBasePath);
        _ids = options.IdFormat();
        _atomicFile = new AtomicFile(options);
        _reservedDocumentNames = [options.DocumentMetadataFilename, options.DocumentAnalysisSubdirectoryName];
    }

    public string BaseDirectory { get; }

    /// <summary>Every entry of the tree, in the export's order.</summary>
    public IEnumerable<TreeItem> Scan()
    {
        if (!Directory.Exists(BaseDirectory))
        {
            yield break;
        }

        var entries = List(BaseDirectory);
        foreach (var item in TopLevelFiles(entries))
        {
            yield return item;
        }

        foreach (var item in ScanSystem())
        {
            yield return item;
        }

        foreach (var item in ScanPersonas(Path.Join(BaseDirectory, _options.GlobalPersonasDirectoryName), userId: null, RecordKind.Persona))
        {
            yield return item;
        }

        foreach (var item in ScanUsers())
        {
            yield return item;
        }

        foreach (var item in ScanPanels())
        {
            yield return item;
        }

        foreach (var item in ScanTrash())
        {
            yield return item;
        }

        foreach (var item in ScanModules(entries))
        {
            yield return item;
        }
    }

    private IEnumerable<TreeItem> TopLevelFiles(IReadOnlyList<FileSystemInfo> entries)
    {
        foreach (var entry in entries)
        {
            if (entry is FileInfo file)
            {
                yield return DataDirectoryLock.IsLockFile(file.Name)
                    ? new TreeItem(TreeItemType.LockFile, file.FullName, null, RecordIds.None)
                    : file.Name == V2Checkpoint.FileName
                        ? Outside(file, "the checkpoint of an unfinished chatdb migrate-v2; run the same migrate-v2 again to finish it")
                        : Classify(file, "a file directly in the data directory; only the lock file belongs there");
            }
            else if (entry.LinkTarget is not null)
            {
                yield return Outside(entry, "a symbolic link; the data directory holds no links");
            }
            else if (entry.Name.StartsWith('.'))
            {
                yield return Dotted(entry);
            }
        }
    }

    private IEnumerable<TreeItem> ScanSystem()
    {
        var directory = Path.Join(BaseDirectory, _options.SystemConfigDirectoryName);
        foreach (var entry in List(directory))
        {
            if (entry is DirectoryInfo audit && audit.Name == FlatfileLayout.AuditDirectoryName && audit.LinkTarget is null)
            {
                foreach (var logFile in List(audit.FullName))
                {
                    yield return logFile is FileInfo && logFile.LinkTarget is null
                        ? new TreeItem(TreeItemType.AuditLog, logFile.FullName, null, RecordIds.None)
                        : Classify(logFile, "the audit directory holds only the silos' audit files");
                }

                continue;
            }

            yield return entry is FileInfo file && file.Name == _options.SystemConfigFilename && file.LinkTarget is null
                ? new TreeItem(TreeItemType.Record, file.FullName, RecordKind.SystemConfig, RecordIds.None)
                : Classify(entry, $"the system directory holds only {_options.SystemConfigFilename} and {FlatfileLayout.AuditDirectoryName}/");
        }
    }

    private IEnumerable<TreeItem> ScanModules(IReadOnlyList<FileSystemInfo> entries)
    {
        var reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            _options.UserDataDirectoryName,
            _options.PanelSessionsDirectoryName,
            _options.GlobalPersonasDirectoryName,
            _options.SystemConfigDirectoryName,
            FlatfileLayout.TrashDirectoryName,
        };
        foreach (var entry in entries)
        {
            if (entry is not DirectoryInfo directory || entry.LinkTarget is not null || reserved.Contains(entry.Name) || entry.Name.StartsWith('.'))
            {
                continue;
            }

            if (!EntityIdValidator.IsValid(directory.Name))
            {
                yield return Outside(directory, "not a valid module name");
                continue;
            }

            foreach (var item in Verbatim(directory))
            {
                yield return item;
            }
        }
    }

    /// <summary>Every file below <paramref name="directory"/> as a <see cref="RecordKind.File"/> record (module data, analysis results).</summary>
    private IEnumerable<TreeItem> Verbatim(DirectoryInfo directory)
    {
        foreach (var entry in List(directory.FullName))
        {
            if (entry.LinkTarget is not null)
            {
                yield return Outside(entry, "a symbolic link; the data directory holds no links");
            }
            else if (entry is DirectoryInfo child)
            {
                foreach (var item in Verbatim(child))
                {
                    yield return item;
                }
            }
            else if (_atomicFile.IsTempFile(entry.Name))
            {
                yield return new TreeItem(TreeItemType.TempFile, entry.FullName, null, RecordIds.None);
            }
            else
            {
                var relative = Path.GetRelativePath(BaseDirectory, entry.FullName).Replace('\\', '/');
                yield return new TreeItem(TreeItemType.Record, entry.FullName, RecordKind.File, new RecordIds { Name = relative });
            }
        }
    }

    private TreeItem Dotted(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo && StagingNames.IsDisposable(entry.Name))
        {
            return new TreeItem(TreeItemType.StagingDirectory, entry.FullName, null, RecordIds.None, "left by an interrupted chatdb command");
        }

        if (entry is DirectoryInfo && entry.Name.StartsWith(StagingNames.RestoringPrefix, StringComparison.Ordinal))
        {
            return new TreeItem(TreeItemType.RestoringDirectory, entry.FullName, null, RecordIds.None);
        }

        if (entry is DirectoryInfo && entry.Name.StartsWith(StagingNames.ReplacedPrefix, StringComparison.Ordinal))
        {
            var restoring = Path.Join(BaseDirectory, StagingNames.RestoringPrefix + entry.Name[StagingNames.ReplacedPrefix.Length..]);
            return new TreeItem(TreeItemType.ReplacedDirectory, entry.FullName, null, RecordIds.None, Directory.Exists(restoring)
                ? $"the previous data of the interrupted restore '{restoring}'; finishing that restore deletes it"
                : "the previous data set aside by a restore of an older chatdb that stopped during its final swap; inspect it and delete it by hand");
        }

        return Outside(entry, "a hidden entry the layout does not define");
    }

    /// <summary>A temp file of an atomic write, or else an entry outside the layout.</summary>
    private TreeItem Classify(FileSystemInfo entry, string why) =>
        entry is FileInfo && _atomicFile.IsTempFile(entry.Name) && entry.LinkTarget is null
            ? new TreeItem(TreeItemType.TempFile, entry.FullName, null, RecordIds.None)
            : Outside(entry, entry.LinkTarget is not null ? "a symbolic link; the data directory holds no links" : why);

    private static TreeItem Outside(FileSystemInfo entry, string why) =>
        new(TreeItemType.Outside, entry.FullName, null, RecordIds.None, why);

    private static TreeItem Missing(string path, string why) =>
        new(TreeItemType.Missing, path, null, RecordIds.None, why);

    private static List<FileSystemInfo> List(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var entries = new DirectoryInfo(directory)
            .EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false })
            .ToList();
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static bool TryParseVersion(string name, out int version)
    {
        version = 0;
        return name.Length > 6 && name[0] == 'v' && name.EndsWith(".json", StringComparison.Ordinal) &&
               int.TryParse(name.AsSpan(1, name.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out version) &&
               version >= 1 && string.Equals(name, string.Create(CultureInfo.InvariantCulture, $"v{version}.json"), StringComparison.Ordinal);
    }
}
