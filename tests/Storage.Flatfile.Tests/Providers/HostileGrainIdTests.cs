using System.Text;
using ChatDb.Runtime;
using ChatDb.Runtime.Storage;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

/// <summary>
/// Every hostile id of the corpus, in every place a caller's id reaches a path (grain key segments, state,
/// log and collection names, file names), is a <see cref="ValidationError"/> naming the grain, and the
/// data directory is left exactly as it was.
/// </summary>
public sealed class HostileGrainIdTests : IAsyncLifetime
{
    private const string Session = "alice/chat_session_20250102_030405_123456";

    private readonly FlatfileTestDirectory _data = new();
    private FlatfileOpenLogs _logs = null!;
    private FlatfileGrainStorage _state = null!;
    private FlatfileGrainLogStorage _log = null!;
    private FlatfileGrainFileStorage _files = null!;

    public static IEnumerable<object[]> Cases => HostileIds.Cases;

    public Task InitializeAsync()
    {
        var directory = _data.Directory;
        _logs = new FlatfileOpenLogs(directory.Options);
        _state = new FlatfileGrainStorage("hostile", _data.Paths, directory.AtomicFile);
        _log = new FlatfileGrainLogStorage("hostile", _data.Paths, _logs, directory.AtomicFile);
        _files = new FlatfileGrainFileStorage("hostile", _data.Paths, directory.AtomicFile, _logs, directory.Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _logs.DisposeAsync();
        _data.Dispose();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileId_InAnyPosition_IsRefusedAndCreatesNothing(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;
        var before = DirectorySnapshot.Take(_data.BasePath);
        var content = Encoding.UTF8.GetBytes("payload");

        Func<Task>[] attempts =
        [
            () => _state.WriteStateAsync("profile", GrainId.Create("user", id), new GrainState<string>("x")),
            () => _state.WriteStateAsync("session", GrainId.Create("session", "alice/" + id), new GrainState<string>("x")),
            () => _state.WriteStateAsync("panel", GrainId.Create("panel", id), new GrainState<string>("x")),
            () => _state.WriteStateAsync(id, GrainId.Create("memory", "m1"), new GrainState<string>("x")),
            () => _log.AppendAsync(id, GrainId.Create("memory", "m1"), ["x"], 0),
            () => _log.AppendAsync("messages", GrainId.Create("session", id + "/chat_session_20250102_030405_123456"), [new Entry("x")], 0),
            () => _files.WriteAsync(GrainId.Create("session", Session), "documents", id, content),
            () => _files.WriteAsync(GrainId.Create("memory", "m1"), "blobs", id, content),
            () => _files.WriteAsync(GrainId.Create("memory", "m1"), id, "a.txt", content),
            () => _files.WriteAsync(GrainId.Create("persona", "alice/" + id), "versions", "v1.json", content),
            () => _files.DeleteAllAsync(GrainId.Create("user", id)),
        ];

        for (var i = 0; i < attempts.Length; i++)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(attempts[i]);
            if (id.Length == 0 && error is ArgumentException)
            {
                // An empty state, log or collection name is refused by the contract's argument checks.
                continue;
            }

            var validation = Assert.IsType<ValidationError>(error);
            Assert.StartsWith("grain ", validation.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', validation.Message);
        }

        Assert.Equal(before, DirectorySnapshot.Take(_data.BasePath));
        _ = description;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileFileName_IsRefusedOnReadAndDeleteToo(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;
        var grain = GrainId.Create("memory", "m1");

        await Assert.ThrowsAsync<ValidationError>(() => _files.ReadAsync(grain, "blobs", id));
        await Assert.ThrowsAsync<ValidationError>(() => _files.DeleteAsync(grain, "blobs", id));
        _ = description;
    }

    private sealed record Entry(string Text);
}
