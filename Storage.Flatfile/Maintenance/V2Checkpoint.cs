using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// The progress of a <c>chatdb migrate-v2</c> into one data directory: <c>{data}/.migrate-v2-checkpoint.json</c>, written
/// atomically after each unit (a user, or the shared part) is committed, deleted when the migration completes. A run that
/// finds it skips the units it lists, so a crash or Ctrl-C resumes where it stopped; a unit cut short before its entry was
/// written is migrated again, and the merge commit skips the files it had already moved (same bytes), so nothing is doubled.
/// </summary>
internal sealed class V2Checkpoint
{
    public const string FileName = ".migrate-v2-checkpoint.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The v2 directory being migrated (full path): a checkpoint of another source is refused.</summary>
    public string Source { get; set; } = "";

    /// <summary>Units committed, in order.</summary>
    public List<string> Completed { get; set; } = [];

    /// <summary>What the committed units left out (path and reason), reported again when the migration finishes.</summary>
    public List<string> Skipped { get; set; } = [];

    [JsonIgnore]
    public string Path { get; private set; } = "";

    public static string PathIn(string dataDirectory) => System.IO.Path.Join(dataDirectory, FileName);

    /// <summary>The checkpoint of <paramref name="dataDirectory"/>, or null when there is none.</summary>
    public static V2Checkpoint? Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        V2Checkpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<V2Checkpoint>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new IntegrityError($"migrate-v2 checkpoint '{path}' is not readable ({e.Message}); delete it and run the migration again with --merge.", e);
        }

        if (checkpoint is null || string.IsNullOrEmpty(checkpoint.Source))
        {
            throw new IntegrityError($"migrate-v2 checkpoint '{path}' names no source; delete it and run the migration again with --merge.");
        }

        checkpoint.Path = path;
        return checkpoint;
    }

    public static V2Checkpoint Start(string dataDirectory, string source) => new() { Source = source, Path = PathIn(dataDirectory) };

    /// <summary>Not cancellable: once a unit is committed, its entry must be recorded.</summary>
    public Task SaveAsync(FlatfileStorageOptions options) =>
        new AtomicFile(options).WriteAllBytesAsync(Path, JsonSerializer.SerializeToUtf8Bytes(this, Json), CancellationToken.None);

    public void Delete() => File.Delete(Path);
}
