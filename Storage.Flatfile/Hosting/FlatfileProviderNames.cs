namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>The names the flatfile providers are registered under, in registration order: the directories to open.</summary>
internal sealed class FlatfileProviderNames
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public void Add(string name) => _names.Add(name);
}
