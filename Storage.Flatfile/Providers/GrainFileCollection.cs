using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Ids;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Where one files collection of one grain lives: a directory of the layout, the rule its file names
/// follow, and whether the grain may change it. Created by <see cref="FlatfileGrainPaths.Files"/>.
/// </summary>
public sealed class GrainFileCollection
{
    private readonly Func<string, string> _validateName;

    internal GrainFileCollection(GrainId grainId, string name, string directory, Func<string, string> validateName, bool isReadOnly)
    {
        GrainId = grainId;
        Name = name;
        Directory = directory;
        _validateName = validateName;
        IsReadOnly = isReadOnly;
    }

    public GrainId GrainId { get; }

    /// <summary>The collection name the grain used (<c>documents</c>, <c>versions</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The absolute directory holding the collection's files.</summary>
    public string Directory { get; }

    /// <summary>True for views onto files other grains own (the persona catalog).</summary>
    public bool IsReadOnly { get; }

    /// <summary>The full path of file <paramref name="fileName"/>; a name that breaks the collection's rule
    /// is a <see cref="ValidationError"/> naming the grain, the collection and the rule.</summary>
    public string PathOf(string fileName)
    {
        string valid;
        try
        {
            valid = _validateName(fileName);
        }
        catch (ValidationError e)
        {
            throw new ValidationError($"grain {IdText.Escape(GrainId.ToString())}, files collection '{Name}': {e.Message}", e);
        }

        return SafePath.Combine(Directory, valid);
    }

    /// <summary>True when a file found in <see cref="Directory"/> belongs to the collection.</summary>
    public bool Contains(string fileName)
    {
        try
        {
            _validateName(fileName);
            return true;
        }
        catch (ValidationError)
        {
            return false;
        }
    }
}
