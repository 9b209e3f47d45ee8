using System.Text.Json;
using System.Text.Json.Nodes;
using ChatDb.GoldenTree;
using ChatDb.Runtime.TestKit;
using ChatDb.Tests.Shared;

// Writes the golden tree with the code of the day and records its read-back (docs/STORAGE.md, "The golden tree"):
//   dotnet run --project tests/GoldenTree -c Release -- tests/Api.Tests/TestData [--replace]
// 1. a silo on a fresh data directory and a fake clock; the scenario writes through the REST API;
// 2. every read route is called on that silo;
// 3. the silo stops; the lock file goes;
// 4. a new silo on a working copy of the tree (every file dated GoldenTreeFiles.FileTimeUtc) answers the same
//    routes, which must equal step 2 (bar the file times the API shows): that answer is the expected read-back;
// 5. the tree and the expected read-back are written under the test data directory.
if (args.Length is < 1 or > 2 || (args.Length == 2 && args[1] != "--replace"))
{
    await Console.Error.WriteLineAsync("usage: ChatDb.GoldenTree <test-data-directory> [--replace]");
    return 2;
}

var testData = Path.GetFullPath(args[0]);
var treeTarget = Path.Join(testData, GoldenTreeFiles.TreeName);
var expectedTarget = Path.Join(testData, GoldenTreeFiles.ExpectedFileName);
if ((Directory.Exists(treeTarget) || File.Exists(expectedTarget)) && args.Length == 1)
{
    await Console.Error.WriteLineAsync($"{treeTarget} or {expectedTarget} exists; regenerating the golden tree is deliberate: pass --replace.");
    return 2;
}

var work = Path.Join(Path.GetTempPath(), "chatdb-golden-" + Guid.NewGuid().ToString("N"));
try
{
    var data = Path.Join(work, "data");
    Directory.CreateDirectory(data);

    JsonObject live;
    WrittenTree written;
    var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_560));
    await using (var silo = await GoldenSilo.StartAsync(data, clock))
    {
        written = await new GoldenScenario(new ScenarioClient(silo.Http, clock)).WriteAsync();
        var readBack = new GoldenReadBack(silo.Http);
        await readBack.RecordAsync(written);
        live = readBack.Responses;
    }

    File.Delete(Path.Join(data, ".lock"));
    var strays = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(".corrupt", StringComparison.Ordinal))
        .ToList();
    if (strays.Count > 0)
    {
        throw new InvalidOperationException("the writing silo left process files behind: " + string.Join(", ", strays));
    }

    var replayData = Path.Join(work, "replay");
    GoldenTreeFiles.WorkingCopy(data, replayData);
    var before = GoldenTreeFiles.Fingerprint(replayData);

    var expected = new JsonObject();
    await using (var silo = await GoldenSilo.StartAsync(replayData, new FakeTimeProvider(GoldenTreeFiles.FileTimeUtc)))
    {
        foreach (var route in live.Select(entry => entry.Key))
        {
            expected[route] = await GoldenResponses.RecordAsync(silo.Http, route);
        }
    }

    var differences = new List<string>();
    foreach (var (route, answer) in live)
    {
        var liveElement = JsonSerializer.SerializeToElement(answer);
        var readElement = JsonSerializer.SerializeToElement(expected[route]);
        foreach (var difference in GoldenResponses.Differences(liveElement, readElement))
        {
            // A version's storedAt is its file's time, which step 3 set.
            var isFileTime = route.EndsWith("/versions", StringComparison.Ordinal)
                && difference.Contains(".storedAt:", StringComparison.Ordinal);
            if (!isFileTime)
            {
                differences.Add($"{route}: {difference}");
            }
        }
    }

    if (differences.Count > 0)
    {
        await Console.Error.WriteLineAsync("a silo reading the tree back answers differently from the silo that wrote it:");
        foreach (var difference in differences)
        {
            await Console.Error.WriteLineAsync("  " + difference);
        }

        return 1;
    }

    var after = GoldenTreeFiles.Fingerprint(replayData);
    after.Remove(".lock");
    foreach (var file in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
    {
        if (before.GetValueOrDefault(file) != after.GetValueOrDefault(file))
        {
            Console.WriteLine($"note: reading the tree back changed {file}");
        }
    }

    if (Directory.Exists(treeTarget))
    {
        Directory.Delete(treeTarget, recursive: true);
    }

    Directory.CreateDirectory(testData);
    GoldenTreeFiles.Copy(data, treeTarget);
    await File.WriteAllTextAsync(expectedTarget, expected.ToJsonString(GoldenResponses.FileFormat) + "\n");

    var files = Directory.EnumerateFiles(treeTarget, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
    Console.WriteLine($"wrote {treeTarget}: {files.Count} files, {files.Sum()} bytes");
    Console.WriteLine($"wrote {expectedTarget}: {expected.Count} routes, {new FileInfo(expectedTarget).Length} bytes");
    return 0;
}
finally
{
    if (Directory.Exists(work))
    {
        Directory.Delete(work, recursive: true);
    }
}
