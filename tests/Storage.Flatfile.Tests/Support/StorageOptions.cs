using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Tests.Support;

public static class StorageOptions
{
    /// <summary>Default options with the data directory at <paramref name="basePath"/>.</summary>
    public static FlatfileStorageOptions At(string basePath) => new() { StorageBasePath = basePath };
}
