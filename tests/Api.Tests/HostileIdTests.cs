using System.Text;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// The shared hostile-id corpus through every id slot of every route, percent-encoded in the usual way,
/// with every byte encoded (<c>%2e%2e</c>, <c>a%2fb</c>), and literally where a request line can carry it.
/// Sent over a raw socket so no client normalises the path first. Each must be refused without
/// activating a grain and without touching the file system outside the data directory.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileIdTests(ApiServer server)
{
    public static IEnumerable<object[]> Cases => HostileIds.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileId_InEveryIdSlotOfEveryRoute_IsRefusedAtTheDoor(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;
        var readsBefore = server.StateReads;
        var workingDirectoryBefore = Entries(Environment.CurrentDirectory);
        var dataBefore = server.DataFiles();

        using var gate = new SemaphoreSlim(8);
        var requests = new List<(string Form, IdRoute Route, Task<RawResponse> Response)>();
        foreach (var route in IdRoutes.All)
        {
            foreach (var slot in route.SlotNames)
            {
                foreach (var (form, encoded) in Forms(id))
                {
                    var target = route.Target(slot, encoded);
                    if (target.EndsWith('/'))
                    {
                        // An empty last segment names the collection (the session list): a different, legitimate route.
                        continue;
                    }

                    requests.Add((form, route, SendGatedAsync(gate, route, target)));
                }
            }
        }

        await Task.WhenAll(requests.Select(r => r.Response));

        foreach (var (form, route, task) in requests)
        {
            var response = await task;
            var what = $"{description} ({form}) via {route}: {response.Target} answered {response.Status} {response.Body}";
            if (form == "encoded" && id.Length > 0)
            {
                Assert.True(response.Status == 400, what);
                Assert.True(response.Body.Length == 0 || response.Body.Contains("\"error\":\"validation\"", StringComparison.Ordinal), what);
            }
            else
            {
                Assert.True(response.Status is 400 or 404 or 405, what);
            }
        }

        Assert.Equal(readsBefore, server.StateReads);
        Assert.Equal(["data"], Entries(server.Root));
        // Other tests' users keep being indexed in the background (search segments under .index/ of a user
        // directory that already existed): that is not the hostile requests' doing.
        var dataAfter = server.DataFiles();
        var added = dataAfter.Except(dataBefore).Where(path => !IsBackgroundIndexFile(path, dataBefore)).ToList();
        var removed = dataBefore.Except(dataAfter).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            $"{description}: the data directory changed: added [{string.Join(", ", added)}], removed [{string.Join(", ", removed)}]");
        Assert.Equal(workingDirectoryBefore, Entries(Environment.CurrentDirectory));
    }

    private static bool IsBackgroundIndexFile(string path, string[] before)
    {
        var index = path.IndexOf("/.index/", StringComparison.Ordinal);
        return index > 0 && before.Contains(path[..index], StringComparer.Ordinal);
    }

    private async Task<RawResponse> SendGatedAsync(SemaphoreSlim gate, IdRoute route, string target)
    {
        await gate.WaitAsync();
        try
        {
            return await RawHttp.SendAsync(server.BaseAddress, route.Method, target, route.JsonBody);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>How the id is put into a request target.</summary>
    private static IEnumerable<(string Form, string Encoded)> Forms(string id)
    {
        yield return ("encoded", Uri.EscapeDataString(id));
        yield return ("encoded", string.Concat(Encoding.UTF8.GetBytes(id).Select(b => $"%{b:x2}")));
        if (id.All(c => c is > ' ' and < '\u007F' and not '?' and not '#' and not '%'))
        {
            yield return ("literal", id);
        }
    }

    private static string[] Entries(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
