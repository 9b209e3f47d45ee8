using System.Text;
using Orleans.Runtime;
using Orleans;
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
            () => _state.WriteStateAsync("profile", Grain("user", id), new GrainState<string>("x")),
            () => _state.WriteStateAsync("session", Grain("session", "alice/" + id), new GrainState<string>("x")),
            () => _state.WriteStateAsync("panel", Grain("panel", id), new GrainState<string>("x")),
            () => _state.WriteStateAsync(id, Grain("notebook", "m1"), new GrainState<string>("x")),
            () => _log.AppendAsync(id, Grain("notebook", "m1"), ["x"], 0),
            () => _log.AppendAsync("messages", Grain("session", id + "/chat_session_20250102_030405_123456"), [new Entry("x")], 0),
            () => _files.WriteAsync(Grain("session", Session), "documents", id, content),
            () => _files.WriteAsync(Grain("notebook", "m1"), "blobs", id, content),
            () => _files.WriteAsync(Grain("notebook", "m1"), id, "a.txt", content),
            () => _files.WriteAsync(Grain("persona", "alice/" + id), "versions", "v1.json", content),
            () => _files.DeleteAllAsync(Grain("user", id)),
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
        var grain = GrainId.Create("notebook", "m1");

        await Assert.ThrowsAsync<ValidationError>(() => _files.ReadAsync(grain, "blobs", id));
        await Assert.ThrowsAsync<ValidationError>(() => _files.DeleteAsync(grain, "blobs", id));
        _ = description;
    }

    private sealed record Entry(string Text);

    /// <summary>
    /// The id of grain <paramref name="key"/> as Orleans' grain factory builds it for a string key: any text,
    /// blank or empty too (<c>GrainId.Create(string, string)</c> would refuse those before the provider sees them).
    /// </summary>
    private static GrainId Grain(string type, string key) => GrainId.Create(GrainType.Create(type), IdSpan.Create(key));
}
