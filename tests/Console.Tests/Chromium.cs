namespace ChatDb.Console.Tests;

/// <summary>
/// The chromium the browser tests drive: <c>CHATDB_CHROMIUM</c> when set, else <c>chromium</c> on the PATH
/// (Debian's package, which <c>.ci/run</c> installs). Playwright's own browser download is never used.
/// </summary>
internal static class Chromium
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("CHATDB_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"CHATDB_CHROMIUM names {configured}, which does not exist.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Join(directory, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("No chromium on the PATH (Debian: apt-get install chromium; .ci/run installs it) and CHATDB_CHROMIUM is not set.");
    }
}
