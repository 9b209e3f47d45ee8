using System.Security.Cryptography;

namespace ChatDb.Operations.Tests.Support;

/// <summary>Every file under a root with a hash of its bytes, to compare trees and prove nothing changed.</summary>
public static class Tree
{
    public static SortedDictionary<string, string> Files(string root, Func<string, bool>? include = null)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (include is null || include(relative))
            {
                files[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }

        return files;
    }

    /// <summary>The data files: no lock or fence files, no derived log indexes, no audit log (a record of operations, which a restore adds to).</summary>
    public static SortedDictionary<string, string> DataFiles(string root) =>
        Files(root, path => path != ".lock" && !path.StartsWith(".fences", StringComparison.Ordinal) && !path.EndsWith(".idx", StringComparison.Ordinal) &&
                            !IsAudit(path));

    /// <summary>Whether a relative path is in the audit directory (<c>system/audit/</c>).</summary>
    public static bool IsAudit(string relativePath) => relativePath.StartsWith("system/audit/", StringComparison.Ordinal);
}
