using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// The golden tree (<c>TestData/golden-v1</c>) is a data directory written by the build before the port to
/// Microsoft Orleans (generator: <c>tests/GoldenTree</c>); <c>TestData/golden-v1.expected.json</c> holds what
/// the REST API read back from it then. A silo of today, started on a copy exactly as the other API tests
/// start theirs, must answer every recorded route the same, and must not rewrite the files it reads (it only
/// records, in <c>system/config.json</c>, the format it upgraded the tree to).
/// Only HTTP and JSON are involved, so these tests hold across a change of runtime.
/// </summary>
public sealed class GoldenTreeCompatibilityTests
{
    private static readonly string TestData = Path.Join(AppContext.BaseDirectory, "TestData");
    private const string ConfigFile = "system/config.json";

    /// <summary>Route families the expected read-back must cover (so a regenerated file cannot silently shrink).</summary>
    private static readonly string[] ReadRoutes =
    [
        @"^GET /users/[^/?]+$",
        @"^GET /users/[^/?]+/sessions$",
        @"^GET /users/[^/?]+/sessions\?.*limit=",
        @"^GET /users/[^/?]+/sessions/[^/?]+$",
        @"^GET /users/[^/?]+/sessions/[^/?]+/messages$",
        @"^GET /users/[^/?]+/sessions/[^/?]+/messages\?limit=\d+&offset=\d+$",
        @"^GET /users/[^/?]+/sessions/[^/?]+/messages\?latest=true",
        @"^GET /users/[^/?]+/sessions/[^/?]+/documents$",
        @"^GET /users/[^/?]+/sessions/[^/?]+/documents/[^/?]+$",
        @"^GET /users/[^/?]+/sessions/[^/?]+/context$",
        @"^GET /users/[^/?]+/sessions/[^/?]+/context/history$",
        @"^GET /personas$",
        @"^GET /personas\?userId=",
        @"^GET /personas/[^/?]+$",
        @"^GET /personas/[^/?]+/versions$",
        @"^GET /personas/[^/?]+/versions/\d+$",
        @"^GET /users/[^/?]+/personas/[^/?]+$",
        @"^GET /users/[^/?]+/personas/[^/?]+/versions$",
        @"^GET /users/[^/?]+/personas/[^/?]+/versions/\d+$",
        @"^GET /panels/[^/?]+$",
        @"^GET /panels/[^/?]+/messages\?limit=\d+&offset=\d+$",
        @"^GET /panels/[^/?]+/insights$",
        @"^GET /users/[^/?]+/search\?q=",
        @"^GET /panels/[^/?]+/search\?q=",
    ];

    /// <summary>
    /// <c>GET /personas?userId=u</c> answered the user's own personas when the tree was recorded; it now lists the global
    /// ones after them (each marked with its scope), so the user's own, in front, are what is compared.
    /// </summary>
    private static System.Text.Json.Nodes.JsonObject OnlyTheUsersOwn(string route, System.Text.Json.Nodes.JsonObject answer)
    {
        if (route.StartsWith("GET /personas?userId=", StringComparison.Ordinal) && answer["body"] is System.Text.Json.Nodes.JsonArray personas)
        {
            foreach (var global in personas.Where(p => p?["scope"]?.GetValue<string>() == "global").ToList())
            {
                personas.Remove(global);
            }
        }

        return answer;
    }

    [Fact]
    public async Task GoldenTreeFromPrePortBuild_ReadsBackIdentically()
    {
        var expected = LoadExpected();
        var failures = new StringBuilder();
        var failed = 0;
        await ReadCopyAsync(async http =>
        {
            foreach (var (route, answer) in expected)
            {
                var actual = JsonSerializer.SerializeToElement(OnlyTheUsersOwn(route, await GoldenResponses.RecordAsync(http, route)));
                var differences = GoldenResponses.Differences(answer, actual);
                if (differences.Count > 0)
                {
                    failed++;
                    failures.AppendLine($"{route}:");
                    foreach (var difference in differences.Take(10))
                    {
                        failures.AppendLine("    " + difference);
                    }

                    if (differences.Count > 10)
                    {
                        failures.AppendLine($"    ... and {differences.Count - 10} more");
                    }
                }
            }
        });

        Assert.True(failed == 0, $"{failed} of {expected.Count} routes read back differently from {GoldenTreeFiles.ExpectedFileName}:\n{failures}");
    }

    [Fact]
    public async Task GoldenTreeFromPrePortBuild_IsLeftByteForByteUnchangedByReadingIt()
    {
        var expected = LoadExpected();
        var before = GoldenTreeFiles.Fingerprint(Path.Join(TestData, GoldenTreeFiles.TreeName));
        var after = await ReadCopyAsync(async http =>
        {
            foreach (var (route, _) in expected)
            {
                await GoldenResponses.RecordAsync(http, route);
            }
        });

        foreach (var lockFile in after.Keys.Where(path => path == ".lock" || path.StartsWith(".fences", StringComparison.Ordinal)).ToList())
        {
            after.Remove(lockFile);
        }

        // The one file the open writes: the tree is format 1 and holds no run list (the one thing an upgrade converts,
        // format 7), so the upgrade is the record of the version (docs/STORAGE.md, "The format version").
        Assert.False(before.ContainsKey(ConfigFile));
        Assert.True(after.Remove(ConfigFile), $"opening a format-1 tree records the format it was upgraded to in {ConfigFile}");
        var changed = before.Keys.Union(after.Keys)
            .Where(file => before.GetValueOrDefault(file) != after.GetValueOrDefault(file))
            .Order(StringComparer.Ordinal)
            .Select(file => $"{file} ({(!after.ContainsKey(file) ? "deleted" : !before.ContainsKey(file) ? "created" : "rewritten")})")
            .ToList();
        Assert.True(changed.Count == 0, "reading the golden tree changed files it only had to read:\n    " + string.Join("\n    ", changed));
    }

    [Fact]
    public void GoldenTreeExpectations_CoverEveryReadRouteWithData()
    {
        var expected = LoadExpected();
        var missing = ReadRoutes.Where(pattern => !expected.Any(entry => Regex.IsMatch(entry.Key, pattern))).ToList();
        Assert.True(missing.Count == 0, $"{GoldenTreeFiles.ExpectedFileName} covers no route matching:\n    " + string.Join("\n    ", missing));

        // Every answer is data, except the context of a session that never had one.
        var failed = expected
            .Where(entry => entry.Value.GetProperty("status").GetInt32() != 200 && !entry.Key.EndsWith("/context", StringComparison.Ordinal))
            .Select(entry => $"{entry.Key}: {entry.Value.GetRawText()}")
            .ToList();
        Assert.True(failed.Count == 0, "recorded answers that are errors:\n    " + string.Join("\n    ", failed));
    }

    /// <summary>The expected read-back, in file order.</summary>
    private static List<KeyValuePair<string, JsonElement>> LoadExpected()
    {
        var path = Path.Join(TestData, GoldenTreeFiles.ExpectedFileName);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.Clone()))];
    }

    /// <summary>
    /// Starts a server on a fresh copy of the tree, exactly as the other API tests start theirs, with a clock
    /// that never moves (nothing time-driven runs while it reads); runs <paramref name="read"/>; stops it
    /// gracefully (every activation deactivates and writes what it means to write); returns the fingerprint
    /// of the copy's files.
    /// </summary>
    private static async Task<SortedDictionary<string, string>> ReadCopyAsync(Func<HttpClient, Task> read)
    {
        var root = Path.Join(Path.GetTempPath(), "chatdb-golden-" + Guid.NewGuid().ToString("N"));
        try
        {
            GoldenTreeFiles.WorkingCopy(Path.Join(TestData, GoldenTreeFiles.TreeName), Path.Join(root, "data"));
            var server = ApiServer.On(root, clock: new FakeTimeProvider(GoldenTreeFiles.FileTimeUtc));
            try
            {
                await server.InitializeAsync();
                await read(server.Http);
            }
            finally
            {
                await server.DisposeAsync();
            }

            return GoldenTreeFiles.Fingerprint(server.DataDirectory);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
