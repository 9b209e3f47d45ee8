using System.Security.Cryptography;

namespace ChatDb.Tests.Shared;

/// <summary>
/// The files of the golden tree (<c>tests/Api.Tests/TestData/golden-v1</c>), shared by its generator and its
/// read-back test: where it lives, how a working copy is made, and a fingerprint of every file.
/// </summary>
public static class GoldenTreeFiles
{
    /// <summary>The folder under the test data directory that holds the tree.</summary>
    public const string TreeName = "golden-v1";

    /// <summary>The recorded read-back, next to the tree.</summary>
    public const string ExpectedFileName = TreeName + ".expected.json";

    /// <summary>
    /// The modification time every file of a working copy gets. Git keeps no modification times, and the
    /// API shows one (a persona version's <c>storedAt</c> is its file's time), so the generator records
    /// the read-back after giving every file this time and the test does the same to its copy.
    /// </summary>
    public static readonly DateTime FileTimeUtc = new(2026, 3, 4, 6, 0, 0, DateTimeKind.Utc);

    /// <summary>A working copy of the tree at <paramref name="source"/> in <paramref name="target"/> (which must
    /// not exist): the same bytes, every file with the modification time <see cref="FileTimeUtc"/>.</summary>
    public static void WorkingCopy(string source, string target)
    {
        Copy(source, target);
        SetFileTimes(target);
    }

    /// <summary>Copies the tree at <paramref name="source"/> to <paramref name="target"/>, which must not exist.</summary>
    public static void Copy(string source, string target)
    {
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"cannot copy the golden tree to {target}: it exists.");
        }

        Directory.CreateDirectory(target);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Join(target, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Join(target, Path.GetRelativePath(source, file)));
        }
    }

    /// <summary>Gives every file under <paramref name="root"/> the modification time <see cref="FileTimeUtc"/>.</summary>
    public static void SetFileTimes(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, FileTimeUtc);
        }
    }

    /// <summary>Every file under <paramref name="root"/> ('/'-separated relative path) with the SHA-256 of its bytes.</summary>
    public static SortedDictionary<string, string> Fingerprint(string root)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            files[relative] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return files;
    }
}
