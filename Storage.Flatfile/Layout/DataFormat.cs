using ChatDb.Storage.Flatfile.Documents;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// The on-disk format of a data directory, recorded as <c>format_version</c> in <c>system/config.json</c>.
/// A tree without the file was written before the version was recorded and is format 1, the format this
/// build writes; opening it changes nothing (a tree is never rewritten just because it was read). A new,
/// empty data directory gets the file at its first open. A tree of a newer format is refused: this build
/// would misread it. A change to the format bumps <see cref="Current"/> and adds the upgrade from the
/// previous one here, run explicitly at open and recorded in the file.
/// </summary>
public static class DataFormat
{
    /// <summary>The format this build reads and writes.</summary>
    public const int Current = 1;

    /// <summary>The field of <c>system/config.json</c> that holds the version.</summary>
    public const string VersionField = "format_version";

    /// <summary>The format of a tree that records none.</summary>
    public const int Unrecorded = 1;

    /// <summary>
    /// Reads the recorded version, refuses a newer one, and records <see cref="Current"/> in a directory
    /// that holds no data yet. Returns the directory's format.
    /// </summary>
    /// <exception cref="ConfigurationError">The directory is of a newer format than this build reads.</exception>
    /// <exception cref="IntegrityError"><c>system/config.json</c> is not a valid document or its version is not positive.</exception>
    public static int Open(FlatfileLayout layout, JsonDocumentStore documents)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(documents);
        var path = layout.SystemConfigFile;

        // Called once from the synchronous open of the data directory, before any grain runs.
        var config = documents.ReadAsync<SystemConfig>(path).GetAwaiter().GetResult();
        if (config is null)
        {
            if (!HoldsNoData(layout.BaseDirectory))
            {
                return Unrecorded;
            }

            documents.WriteAsync(path, new SystemConfig(Current)).GetAwaiter().GetResult();
            return Current;
        }

        var version = config.FormatVersion ?? Unrecorded;
        if (version < 1)
        {
            throw new IntegrityError($"'{path}': {VersionField} must be a positive integer (was {version}).");
        }

        if (version > Current)
        {
            throw new ConfigurationError(
                $"data directory '{layout.BaseDirectory}' has {VersionField} {version} ({path}); this build of ChatDb reads format {Current} and older. "
                + "Run the newer ChatDb that wrote it, or restore a backup taken in format " + Current + ".");
        }

        return version;
    }

    /// <summary>Nothing but the lock file and dot-entries: a directory ChatDb has not written data to.</summary>
    private static bool HoldsNoData(string baseDirectory) =>
        !Directory.Exists(baseDirectory)
        || !Directory.EnumerateFileSystemEntries(baseDirectory).Any(entry => !Path.GetFileName(entry).StartsWith('.'));
}
