using System.Text.Json;
using System.Text.Json.Nodes;
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

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Reads the recorded version, refuses a newer one, and records <see cref="Current"/> in a directory
    /// that holds no data yet. Returns the directory's format.
    /// </summary>
    /// <exception cref="ConfigurationError">The directory is of a newer format than this build reads.</exception>
    /// <exception cref="IntegrityError"><c>system/config.json</c> is not JSON or its version is not a positive integer.</exception>
    public static int Open(FlatfileLayout layout, AtomicFile atomicFile)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(atomicFile);
        var path = layout.SystemConfigFile;
        if (!File.Exists(path))
        {
            if (HoldsNoData(layout.BaseDirectory))
            {
                var record = new JsonObject { [VersionField] = Current };
                // Ends with a newline like every other document of the tree.
                byte[] content = [.. JsonSerializer.SerializeToUtf8Bytes(record, Indented), (byte)'\n'];
                atomicFile.WriteAllBytesAsync(path, content).GetAwaiter().GetResult();
                return Current;
            }

            return Unrecorded;
        }

        var version = ReadVersion(path);
        if (version > Current)
        {
            throw new ConfigurationError(
                $"data directory '{layout.BaseDirectory}' has {VersionField} {version} ({path}); this build of ChatDb reads format {Current} and older. "
                + "Run the newer ChatDb that wrote it, or restore a backup taken in format " + Current + ".");
        }

        return version;
    }

    /// <summary>The version recorded in <paramref name="path"/>, <see cref="Unrecorded"/> when the file names none.</summary>
    public static int ReadVersion(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new IntegrityError($"'{path}' is not valid JSON ({e.Message}); it records the data directory's {VersionField}.", e);
        }

        if (root is not JsonObject record)
        {
            throw new IntegrityError($"'{path}' must hold a JSON object with {VersionField}.");
        }

        if (!record.TryGetPropertyValue(VersionField, out var value) || value is null)
        {
            return Unrecorded;
        }

        return value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue(out int version) && version > 0
            ? version
            : throw new IntegrityError($"'{path}': {VersionField} must be a positive integer (was {value.ToJsonString()}).");
    }

    /// <summary>Nothing but the lock file and dot-entries: a directory ChatDb has not written data to.</summary>
    private static bool HoldsNoData(string baseDirectory) =>
        !Directory.Exists(baseDirectory)
        || !Directory.EnumerateFileSystemEntries(baseDirectory).Any(entry => !Path.GetFileName(entry).StartsWith('.'));
}
