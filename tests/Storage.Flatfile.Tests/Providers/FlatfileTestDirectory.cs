using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

/// <summary>
/// A temporary data directory opened like a silo opens it (options validated, lock taken), with the
/// grain path mapping over it. <see cref="Reopen"/> releases it and opens it again, as a restart would.
/// </summary>
public sealed class FlatfileTestDirectory : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly Action<FlatfileStorageOptions>? _configure;

    public FlatfileTestDirectory(Action<FlatfileStorageOptions>? configure = null)
    {
        _configure = configure;
        Directory = Open();
    }

    public FlatfileDataDirectory Directory { get; private set; }

    public string BasePath => Directory.Layout.BaseDirectory;

    public FlatfileGrainPaths Paths => new(Directory.Layout, Directory.Options);

    public FlatfileDataDirectory Reopen()
    {
        Directory.Dispose();
        Directory = Open();
        return Directory;
    }

    public void Dispose()
    {
        Directory.Dispose();
        _root.Dispose();
    }

    private FlatfileDataDirectory Open()
    {
        var options = StorageOptions.At(_root.Combine("data"));
        _configure?.Invoke(options);
        return FlatfileDataDirectory.Open(options);
    }
}
