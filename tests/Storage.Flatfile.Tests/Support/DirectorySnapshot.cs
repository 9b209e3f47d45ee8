namespace ChatDb.Storage.Flatfile.Tests.Support;

/// <summary>Every file and directory under a root, with file sizes, to prove an operation changed nothing.</summary>
public static class DirectorySnapshot
{
    public static IReadOnlyList<string> Take(string root)
    {
        var entries = new List<string>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions
                 {
                     RecurseSubdirectories = true,
                     AttributesToSkip = 0,
                     IgnoreInaccessible = false,
                 }))
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            entries.Add(entry is FileInfo file ? $"{relative} ({file.Length} bytes)" : relative + "/");
        }

        entries.Sort(StringComparer.Ordinal);
        return entries;
    }
}
