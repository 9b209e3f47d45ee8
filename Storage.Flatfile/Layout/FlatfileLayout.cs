using System.Globalization;
using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// The one place that maps entities to paths in the data directory (ARCHITECTURE.md §3, docs/STORAGE.md).
/// Every method validates the ids it is given before it builds anything, and every path goes through
/// <see cref="SafePath"/>, so a bad id is a <see cref="ValidationError"/>, never a path. Methods return
/// absolute paths and create nothing.
/// </summary>
public sealed partial class FlatfileLayout
{
    private readonly FlatfileStorageOptions _options;
    private readonly HashSet<string> _reservedTopLevelNames;
    private readonly string[] _reservedDocumentNames;

    public FlatfileLayout(FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        BaseDirectory = SafePath.Canonical(options.StorageBasePath);
        Ids = options.IdFormat();
        _reservedTopLevelNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            options.UserDataDirectoryName,
            options.PanelSessionsDirectoryName,
            options.GlobalPersonasDirectoryName,
            options.SystemConfigDirectoryName,
            TrashDirectoryName,
        };
        _reservedDocumentNames = [options.DocumentMetadataFilename, options.DocumentAnalysisSubdirectoryName];
    }

    /// <summary>The absolute data directory, <c>{base}</c>.</summary>
    public string BaseDirectory { get; }

    /// <summary>Parses and validates generated ids (sessions, panels, context snapshots, insights).</summary>
    public EntityIdFormat Ids { get; }

    /// <summary><c>{base}/.lock</c>, held by the one process that owns the data directory.</summary>
    public string LockFile => Path.Join(BaseDirectory, DataDirectoryLock.FileName);

    // ---- system and modules ----

    public string SystemDirectory => Under(_options.SystemConfigDirectoryName);

    public string SystemConfigFile => Under(_options.SystemConfigDirectoryName, _options.SystemConfigFilename);

    /// <summary>Name of the audit directory inside the system directory.</summary>
    public const string AuditDirectoryName = "audit";

    /// <summary><c>{base}/system/audit/</c>: the audit log, one append-only <c>{silo}.jsonl</c> per writer (docs/STORAGE.md).</summary>
    public string AuditDirectory => Under(_options.SystemConfigDirectoryName, AuditDirectoryName);

    /// <summary><c>{base}/{module}/</c>: a platform module's own data. The name must be a valid id and must
    /// not be one of the layout's own top-level directories.</summary>
    public string ModuleDirectory(string moduleName)
    {
        EntityIdValidator.Validate(moduleName, "module name");
        if (_reservedTopLevelNames.Contains(moduleName))
        {
            throw EntityIdValidator.Rejected("module name", moduleName, IdRule.ReservedFileName,
                "it is one of the storage's own top-level directories");
        }

        return Under(moduleName);
    }

    // ---- global personas ----

    public string GlobalPersonasDirectory => Under(_options.GlobalPersonasDirectoryName);

    /// <summary><c>personas_global/{persona_id}.json</c></summary>
    public string GlobalPersonaFile(string personaId) =>
        Under(_options.GlobalPersonasDirectoryName, PersonaFileName(personaId));

    /// <summary><c>personas_global/versions/{persona_id}/</c>: earlier versions of a global persona.</summary>
    public string GlobalPersonaVersionsDirectory(string personaId) =>
        Under(_options.GlobalPersonasDirectoryName, _options.PersonaVersionsDirectoryName, PersonaId(personaId));

    /// <summary><c>personas_global/versions/{persona_id}/v{n}.json</c></summary>
    public string GlobalPersonaVersionFile(string personaId, int version) =>
        Under(_options.GlobalPersonasDirectoryName, _options.PersonaVersionsDirectoryName, PersonaId(personaId), VersionFileName(personaId, version));

    private string Under(params ReadOnlySpan<string> segments) => SafePath.Combine(BaseDirectory, segments);

    private static string UserId(string userId) => EntityIdValidator.Validate(userId, "user id");

    private static string PersonaId(string personaId) => EntityIdValidator.Validate(personaId, "persona id");

    private static string PersonaFileName(string personaId) => PersonaId(personaId) + ".json";

    private static string VersionFileName(string personaId, int version)
    {
        if (version < 1)
        {
            throw new ValidationError(
                $"version {version} of persona {IdText.Escape(personaId)} is rejected: persona versions start at 1.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"v{version}.json");
    }
}
