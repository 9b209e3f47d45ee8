namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Everything stored for one grain, as <see cref="Files.IGrainFileStorage"/>'s DeleteAll
/// removes it: whole directories (a user, a session, a panel) and single files (a persona's current
/// version, which shares its directory with other personas). Absolute paths.
/// </summary>
public sealed record GrainFootprint(IReadOnlyList<string> Directories, IReadOnlyList<string> Files)
{
    public static GrainFootprint Empty { get; } = new([], []);

    public static GrainFootprint OfDirectory(string directory) => new([directory], []);
}
