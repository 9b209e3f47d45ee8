using System.Globalization;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Flatfile.Options;

/// <summary>
/// Rejects storage settings that would break the layout, at start-up, with one message per
/// problem that names the setting as it is configured (<c>Storage:MessagesFilename</c>), the bad value,
/// and for conflicts both settings.
/// </summary>
public sealed class FlatfileStorageOptionsValidator : IValidateOptions<FlatfileStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = FindProblems(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Throws a <see cref="ConfigurationError"/> listing every problem, those of <see cref="FlatfileStorageOptions.ChatLimits"/>
    /// included; for tools that run without a host (a host checks the chat limits with their own validator).
    /// </summary>
    public static void EnsureValid(FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [.. FindProblems(options)];
        if (options.ChatLimits is { } limits)
        {
            failures.AddRange(ChatLimitsOptionsValidator.FindProblems(limits));
        }

        if (failures.Count > 0)
        {
            throw new ConfigurationError("Invalid storage configuration: " + string.Join(" ", failures));
        }
    }

    /// <summary>Every problem with <paramref name="options"/>; empty when they are valid.</summary>
    public static IReadOnlyList<string> FindProblems(FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new SettingChecks(FlatfileStorageOptions.SectionName);
        CheckLocations(check, options);
        CheckIds(check, options);
        CheckEngine(check, options);
        CheckDocuments(check, options);
        CheckConflicts(check, options);
        return check.Failures;
    }

    private static void CheckLocations(SettingChecks check, FlatfileStorageOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.StorageBasePath) || o.StorageBasePath.Contains('\0', StringComparison.Ordinal))
        {
            check.Fail(nameof(o.StorageBasePath), "must be a directory path", o.StorageBasePath);
        }

        check.PathName(nameof(o.UserDataDirectoryName), o.UserDataDirectoryName);
        check.PathName(nameof(o.PanelSessionsDirectoryName), o.PanelSessionsDirectoryName);
        check.PathName(nameof(o.GlobalPersonasDirectoryName), o.GlobalPersonasDirectoryName);
        check.PathName(nameof(o.SystemConfigDirectoryName), o.SystemConfigDirectoryName);
        check.PathName(nameof(o.UserProfileFilename), o.UserProfileFilename);
        check.PathName(nameof(o.SessionMetadataFilename), o.SessionMetadataFilename);
        check.PathName(nameof(o.MessagesFilename), o.MessagesFilename);
        check.PathName(nameof(o.SituationalContextFilename), o.SituationalContextFilename);
        check.PathName(nameof(o.DocumentMetadataFilename), o.DocumentMetadataFilename);
        check.PathName(nameof(o.PanelMetadataFilename), o.PanelMetadataFilename);
        check.PathName(nameof(o.SystemConfigFilename), o.SystemConfigFilename);
        check.PathName(nameof(o.PersonasDirectoryName), o.PersonasDirectoryName);
        check.PathName(nameof(o.PersonaVersionsDirectoryName), o.PersonaVersionsDirectoryName);
        check.PathName(nameof(o.PanelInsightsDirectoryName), o.PanelInsightsDirectoryName);
        check.PathName(nameof(o.DocumentStorageSubdirectoryName), o.DocumentStorageSubdirectoryName);
        check.PathName(nameof(o.DocumentAnalysisSubdirectoryName), o.DocumentAnalysisSubdirectoryName);
        check.PathName(nameof(o.ContextHistorySubdirectoryName), o.ContextHistorySubdirectoryName);
    }

    private static void CheckIds(SettingChecks check, FlatfileStorageOptions o)
    {
        check.PathName(nameof(o.SessionIdPrefix), o.SessionIdPrefix);
        check.PathName(nameof(o.PanelIdPrefix), o.PanelIdPrefix);
        check.PathName(nameof(o.ContextIdPrefix), o.ContextIdPrefix);
        check.PathName(nameof(o.InsightIdPrefix), o.InsightIdPrefix);
        CheckTimestampFormat(check, nameof(o.SessionTimestampFormat), o.SessionTimestampFormat);
        CheckTimestampFormat(check, nameof(o.ContextSnapshotTimestampFormat), o.ContextSnapshotTimestampFormat);
    }

    private static void CheckTimestampFormat(SettingChecks check, string setting, string? format)
    {
        // The id must be a valid path segment and must parse back to the same instant, to the microsecond,
        // so generated ids stay unique and sortable and can be parsed again.
        var sample = new DateTime(2024, 2, 29, 23, 59, 58, 123, 456, DateTimeKind.Utc);
        try
        {
            var text = sample.ToString(format, CultureInfo.InvariantCulture);
            var roundTrips = DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) && parsed == sample;
            if (string.IsNullOrEmpty(format) || !EntityIdValidator.IsValid("x_" + text) || !roundTrips)
            {
                check.Fail(setting, "must be a .NET date format that yields a path-safe timestamp with microseconds (e.g. yyyyMMdd_HHmmss_ffffff)", format);
            }
        }
        catch (FormatException)
        {
            check.Fail(setting, "must be a valid .NET custom date format", format);
        }
    }

    private static void CheckEngine(SettingChecks check, FlatfileStorageOptions o)
    {
        if (!Enum.IsDefined(o.Durability))
        {
            check.Fail(nameof(o.Durability), $"must be one of {string.Join(", ", Enum.GetNames<Durability>())}", (int)o.Durability);
        }

        if (o.FileSystem is null)
        {
            check.Fail(nameof(o.FileSystem), "must be set (the real file system by default)", value: null);
        }

        // Not a key: the chat limits are checked by their own validator; this only has to point at them.
        if (o.ChatLimits is null)
        {
            check.Fail(nameof(o.ChatLimits), "must be set (the chat limits bound from the same section)", value: null);
        }
    }

    private static void CheckDocuments(SettingChecks check, FlatfileStorageOptions o)
    {
        var suffix = o.AtomicWriteTempSuffix;
        if (string.IsNullOrEmpty(suffix) || suffix[0] != '.' || !EntityIdValidator.IsValid("x" + suffix))
        {
            check.Fail(nameof(o.AtomicWriteTempSuffix), "must be '.' followed by letters, digits, '_' or '-' (e.g. .tmp)", suffix);
        }
    }

    private static void CheckConflicts(SettingChecks check, FlatfileStorageOptions o)
    {
        // Siblings in one directory must differ, case-insensitively, so they stay distinct on every file system.
        check.Distinct(
            (nameof(o.UserDataDirectoryName), o.UserDataDirectoryName),
            (nameof(o.PanelSessionsDirectoryName), o.PanelSessionsDirectoryName),
            (nameof(o.GlobalPersonasDirectoryName), o.GlobalPersonasDirectoryName),
            (nameof(o.SystemConfigDirectoryName), o.SystemConfigDirectoryName));
        check.Distinct(
            (nameof(o.UserProfileFilename), o.UserProfileFilename),
            (nameof(o.PersonasDirectoryName), o.PersonasDirectoryName));
        check.Distinct(
            (nameof(o.SessionMetadataFilename), o.SessionMetadataFilename),
            (nameof(o.MessagesFilename), o.MessagesFilename),
            (nameof(o.SituationalContextFilename), o.SituationalContextFilename),
            (nameof(o.DocumentStorageSubdirectoryName), o.DocumentStorageSubdirectoryName),
            (nameof(o.ContextHistorySubdirectoryName), o.ContextHistorySubdirectoryName));
        check.Distinct(
            (nameof(o.PanelMetadataFilename), o.PanelMetadataFilename),
            (nameof(o.MessagesFilename), o.MessagesFilename),
            (nameof(o.PersonasDirectoryName), o.PersonasDirectoryName),
            (nameof(o.PanelInsightsDirectoryName), o.PanelInsightsDirectoryName));
        check.Distinct(
            (nameof(o.DocumentMetadataFilename), o.DocumentMetadataFilename),
            (nameof(o.DocumentAnalysisSubdirectoryName), o.DocumentAnalysisSubdirectoryName));

        // Temp files are recognised by their suffix; a real file with that suffix would look like debris.
        var suffix = o.AtomicWriteTempSuffix;
        if (string.IsNullOrEmpty(suffix))
        {
            return;
        }

        foreach (var (setting, value) in new[]
                 {
                     (nameof(o.UserProfileFilename), o.UserProfileFilename),
                     (nameof(o.SessionMetadataFilename), o.SessionMetadataFilename),
                     (nameof(o.MessagesFilename), o.MessagesFilename),
                     (nameof(o.SituationalContextFilename), o.SituationalContextFilename),
                     (nameof(o.DocumentMetadataFilename), o.DocumentMetadataFilename),
                     (nameof(o.PanelMetadataFilename), o.PanelMetadataFilename),
                     (nameof(o.SystemConfigFilename), o.SystemConfigFilename),
                 })
        {
            if (value is not null && value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                check.Conflict(nameof(o.AtomicWriteTempSuffix), setting, $"'{value}' ends with the temp suffix '{suffix}'");
            }
        }

        if (suffix.Equals(".json", StringComparison.OrdinalIgnoreCase) || suffix.Equals(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            check.Fail(nameof(o.AtomicWriteTempSuffix), "must not be .json or .jsonl, the extensions of stored documents", suffix);
        }

        var extensions = o.ChatLimits?.AllowedDocumentExtensions;
        for (var i = 0; i < (extensions?.Count ?? 0); i++)
        {
            if (string.Equals(extensions![i], suffix, StringComparison.OrdinalIgnoreCase))
            {
                check.Conflict(nameof(o.AtomicWriteTempSuffix), $"{nameof(ChatLimitsOptions.AllowedDocumentExtensions)}:{i}",
                    $"an uploaded document could not be told from a temp file ('{suffix}')");
            }
        }
    }
}
