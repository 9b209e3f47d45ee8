using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>A copy of the storage options pointing at another directory (a staging tree, an old tree).</summary>
internal static class OptionsCopy
{
    public static FlatfileStorageOptions WithBase(FlatfileStorageOptions options, string basePath)
    {
        var copy = new FlatfileStorageOptions();
        foreach (var property in typeof(FlatfileStorageOptions).GetProperties())
        {
            if (property.CanRead && property.CanWrite)
            {
                property.SetValue(copy, property.GetValue(options));
            }
        }

        copy.StorageBasePath = basePath;
        return copy;
    }
}
