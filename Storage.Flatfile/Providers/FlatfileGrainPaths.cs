using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Maps (grain, facet, name) to the documented layout, as agreed in the GRAIN-LAYOUT table: a user's
/// profile is <c>users/{u}/profile.json</c>, a session's messages <c>users/{u}/{s}/messages.jsonl</c>,
/// and so on (<see cref="ChatGrainTypes"/>). Grain types without a place of their own are kept under
/// <c>{base}/grains/{type}/{key segments...}/</c> as <c>{name}.json</c>, <c>{name}.jsonl</c> and
/// <c>{name}/</c>. Every key segment and every name is validated before a path is built; a bad one is a
/// <see cref="ValidationError"/> naming the grain and the rule. A facet the table does not list for a
/// chat grain type is a <see cref="ConfigurationError"/> (a programming mistake, not caller input).
/// Paths are absolute and nothing is created.
/// </summary>
public sealed partial class FlatfileGrainPaths
{
    /// <summary>Top-level directory of the generic fallback, <c>{base}/grains/</c>.</summary>
    public const string GenericGrainsDirectoryName = "grains";

    /// <summary>Directory of a user's indexes, <c>users/{u}/.index/</c>; the leading dot keeps it apart from ids.</summary>
    public const string IndexDirectoryName = ".index";

    /// <summary>File name of a persona catalog's index inside <see cref="IndexDirectoryName"/>.</summary>
    public const string CatalogIndexFileName = "personas.json";

    private readonly FlatfileLayout _layout;
    private readonly FlatfileStorageOptions _options;
    private readonly string[] _reservedDocumentNames;

    public FlatfileGrainPaths(FlatfileLayout layout, FlatfileStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        _layout = layout;
        _options = options;
        _reservedDocumentNames = [options.DocumentMetadataFilename, options.DocumentAnalysisSubdirectoryName];
    }

    /// <summary>The absolute data directory.</summary>
    public string BaseDirectory => _layout.BaseDirectory;

    /// <summary>The JSON document holding state <paramref name="stateName"/> of the grain.</summary>
    public string StateFile(GrainId grainId, string stateName) =>
        InGrain(grainId, () => MapState(Parse(grainId), stateName));

    /// <summary>The JSONL file holding log <paramref name="logName"/> of the grain.</summary>
    public string LogFile(GrainId grainId, string logName) =>
        InGrain(grainId, () => MapLog(Parse(grainId), logName));

    /// <summary>The directory and file-name rule of files collection <paramref name="collection"/> of the grain.</summary>
    public GrainFileCollection Files(GrainId grainId, string collection) =>
        InGrain(grainId, () => MapFiles(Parse(grainId), collection));

    /// <summary>Everything stored for the grain: what a right-to-be-forgotten deletion removes.</summary>
    public GrainFootprint Footprint(GrainId grainId) =>
        InGrain(grainId, () => MapFootprint(Parse(grainId)));

    /// <summary>Runs a mapping; id errors get the grain id in front so the caller sees which grain was refused.</summary>
    private static T InGrain<T>(GrainId grainId, Func<T> map)
    {
        try
        {
            return map();
        }
        catch (ValidationError e) when (!e.Message.StartsWith("grain ", StringComparison.Ordinal))
        {
            throw new ValidationError($"grain {Describe(grainId)}: {e.Message}", e);
        }
    }

    private static string Describe(GrainId grainId) => IdText.Escape(grainId.ToString());

    private static ConfigurationError Unmapped(ParsedKey key, string facet, string name, params string[] known) =>
        new($"grain {Describe(key.GrainId)} (type '{key.Type}') has no {facet} named {IdText.Escape(name)} "
            + $"in the flatfile layout; known: {(known.Length == 0 ? "none" : string.Join(", ", known))}.");
}
