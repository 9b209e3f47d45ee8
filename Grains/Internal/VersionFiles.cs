using System.Globalization;
using ChatDb.Storage;
using ChatDb.Storage.Files;
using Orleans.Runtime;

namespace ChatDb.Grains.Internal;

/// <summary>
/// The numbered versions of a grain's document (a persona, an agent): version n is the file <c>v{n}.json</c> of the
/// grain's <see cref="Collection"/> file collection. The grain writes the version file before its latest state, so
/// its state never names a version that has no file; deleting the grain's files removes them all.
/// </summary>
internal sealed class VersionFiles<T>(IGrainFileStorage files, GrainId grainId, string subject)
{
    /// <summary>The file collection of the versions.</summary>
    public const string Collection = "versions";

    public Task WriteAsync(int version, T document) =>
        files.WriteAsync(grainId, Collection, FileName(version), JsonFiles.ToBytes(document));

    /// <summary>Version <paramref name="version"/>, or null when there is none; a version below 1 is a ValidationError.</summary>
    public async Task<T?> ReadAsync(int version)
    {
        if (version < 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{subject}: version {version} is rejected by rule 'version-from-1'."));
        }

        var content = await files.ReadAsync(grainId, Collection, FileName(version));
        return content is null ? default : JsonFiles.FromBytes<T>(content, $"version {version} of {subject}");
    }

    /// <summary>Every stored version, oldest first, built into the caller's info record; other files of the collection are passed over.</summary>
    public async Task<IReadOnlyList<TInfo>> ListAsync<TInfo>(Func<int, long, DateTimeOffset, TInfo> info)
    {
        var stored = await files.ListAsync(grainId, Collection);
        return stored
            .Select(file => (Version: TryParse(file.Name), File: file))
            .Where(entry => entry.Version is not null)
            .OrderBy(entry => entry.Version)
            .Select(entry => info(entry.Version!.Value, entry.File.Size, entry.File.LastModified))
            .ToList();
    }

    private static string FileName(int version) => string.Create(CultureInfo.InvariantCulture, $"v{version}.json");

    private static int? TryParse(string name) =>
        name.StartsWith('v') && name.EndsWith(".json", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(1, name.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1
            ? version
            : null;
}
