using System.Text;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Flatfile.Tests.Hosting.Grains;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Hosting;

/// <summary>
/// The flatfile providers under an Orleans silo: grains with <c>[PersistentState]</c>, <c>[LazyPersistentState]</c>,
/// <c>[PersistentLog]</c> and the file facet write the documented layout, a restarted silo reads it back, and the
/// data directory is locked from silo start to silo stop. Each test starts its own silo over its own directory.
/// </summary>
public sealed class FlatfileSiloTests : IDisposable
{
    private const string UserId = "alice";
    private const string SessionId = "chat_session_20260115_093000_000001";
    private const string SessionKey = UserId + "/" + SessionId;

    private readonly TempDirectory _root = new();

    private string DataPath => _root.Combine("data");

    private string SessionDirectory => Path.Join(DataPath, "users", UserId, SessionId);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task SessionGrain_WritesStateLogContextAndDocument_InTheDocumentedLayout_AndARestartedSiloReadsThemBack()
    {
        var document = Encoding.UTF8.GetBytes("# notes\nfirst line\n");
        await using (var first = await FlatfileSilo.StartAsync(DataPath))
        {
            var grain = first.Client.GetGrain<ITestSessionGrain>(SessionKey);
            await grain.CreateAsync("Planning", UserId);
            Assert.Equal(1, await grain.AddMessageAsync("hello"));
            Assert.Equal(2, await grain.AddMessageAsync("line one\nline \"two\""));
            await grain.WriteContextAsync("talked about plans");
            await grain.WriteDocumentAsync("notes.md", document);
        }

        using (var session = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Join(SessionDirectory, "session.json"))))
        {
            Assert.Equal("Planning", session.RootElement.GetProperty("title").GetString());
            Assert.Equal(UserId, session.RootElement.GetProperty("owner").GetString());
        }

        using (var context = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Join(SessionDirectory, "situational_context.json"))))
        {
            Assert.Equal("talked about plans", context.RootElement.GetProperty("summary").GetString());
        }

        var lines = await File.ReadAllLinesAsync(Path.Join(SessionDirectory, "messages.jsonl"));
        Assert.Equal(["{\"seq\":1,\"text\":\"hello\"}", "{\"seq\":2,\"text\":\"line one\\nline \\\"two\\\"\"}"], lines);
        Assert.Equal(document, await File.ReadAllBytesAsync(Path.Join(SessionDirectory, "documents", "notes.md")));

        await using var restarted = await FlatfileSilo.StartAsync(DataPath);
        var reread = restarted.Client.GetGrain<ITestSessionGrain>(SessionKey);
        var view = await reread.GetAsync();

        Assert.Equal(new TestSession("Planning", UserId), view.Session);
        Assert.True(view.RecordExists);
        Assert.Equal(2, view.MessageCount);
        Assert.Equal(["hello", "line one\nline \"two\""], await reread.ReadMessagesAsync());
        Assert.Equal(new TestContext("talked about plans"), await reread.ReadContextAsync());
        Assert.Equal(document, await reread.ReadDocumentAsync("notes.md"));
        Assert.Equal(3, await reread.AddMessageAsync("after the restart"));
    }

    [Fact]
    public async Task MissingSession_ReadsAsNullWithoutARecord_AndSoDoesAClearedOne()
    {
        await using var cluster = await FlatfileSilo.StartAsync(DataPath);
        var grain = cluster.Client.GetGrain<ITestSessionGrain>(SessionKey);

        var missing = await grain.GetAsync();
        await grain.CreateAsync("short-lived", UserId);
        var clearedToNull = await grain.ClearAsync();
        var afterClear = await grain.GetAsync();

        Assert.Null(missing.Session);
        Assert.False(missing.RecordExists);
        Assert.Null(await grain.ReadContextAsync());
        Assert.True(clearedToNull);
        Assert.Null(afterClear.Session);
        Assert.False(afterClear.RecordExists);
        Assert.False(File.Exists(Path.Join(SessionDirectory, "session.json")));
    }

    [Fact]
    public async Task DataDirectoryLock_IsTakenAtSiloStart_RefusesASiloOfAnotherClusterNamingTheHolders_AndIsReleasedAtStop()
    {
        var lockFile = Path.Join(DataPath, DataDirectoryLock.FileName);
        Exception? heldWhileRunning;
        Exception secondSiloError;
        await using (var first = await FlatfileSilo.StartAsync(DataPath))
        {
            heldWhileRunning = Record.Exception(() => DataDirectoryLock.Acquire(DataPath));
            await using var second = FlatfileSilo.Build(DataPath);
            secondSiloError = await Assert.ThrowsAnyAsync<Exception>(() => FlatfileSilo.Within(second.DeployAsync(), "a second silo over the same directory to fail"));
        }

        Assert.IsType<ConfigurationError>(heldWhileRunning);
        var refusal = FlatfileSilo.Chain(secondSiloError).OfType<ConfigurationError>().FirstOrDefault();
        Assert.True(refusal is not null, $"the second silo failed without a ConfigurationError: {secondSiloError}");
        // Each test cluster has a cluster id of its own: the second silo belongs to another cluster.
        Assert.Contains($"is in use by the silos of cluster '", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"(the first was pid {Environment.ProcessId}); this silo's cluster id is '", refusal.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(lockFile));
        using var reacquired = DataDirectoryLock.Acquire(DataPath);
    }

    [Fact]
    public async Task ANamedProvider_KeepsItsGrainsInItsOwnDirectory_LockedWhileTheSiloRuns()
    {
        var archivePath = _root.Combine("archive");
        await using (var cluster = FlatfileSilo.Build(DataPath, silo => silo.AddFlatfileGrainStorage("Archive", o => o.Configure(x => x.StorageBasePath = archivePath))))
        {
            await FlatfileSilo.Within(cluster.DeployAsync(), "a silo with the providers 'Default' and 'Archive' to start");
            var note = cluster.Client.GetGrain<ITestNoteGrain>("n1");
            await note.WriteAsync("kept apart");
            Assert.Equal(1, await note.AppendAsync("first entry"));

            Assert.IsType<ConfigurationError>(Record.Exception(() => DataDirectoryLock.Acquire(archivePath)));
        }

        var noteDirectory = Path.Join(archivePath, "grains", "note", "n1");
        using (var stored = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Join(noteDirectory, "note.json"))))
        {
            Assert.Equal("kept apart", stored.RootElement.GetProperty("summary").GetString());
        }

        Assert.Equal(["{\"seq\":1,\"text\":\"first entry\"}"], await File.ReadAllLinesAsync(Path.Join(noteDirectory, "entries.jsonl")));
        Assert.False(Directory.Exists(Path.Join(DataPath, "grains")));
        using var released = DataDirectoryLock.Acquire(archivePath);
    }

    [Fact]
    public async Task TwoNamesOverOneDirectory_FailTheSiloStart_NamingBoth_WithoutTakingTheLock()
    {
        await using var cluster = FlatfileSilo.Build(DataPath, silo => silo.AddFlatfileGrainStorage("Archive"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => FlatfileSilo.Within(cluster.DeployAsync(), "a silo with two names over one directory to fail"));

        var refusal = FlatfileSilo.Chain(error).OfType<ConfigurationError>().FirstOrDefault();
        Assert.True(refusal is not null, $"the silo failed without a ConfigurationError: {error}");
        Assert.Contains("'Default' and 'Archive' both use data directory", refusal.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(DataPath, DataDirectoryLock.FileName)));
    }

    [Fact]
    public async Task InvalidStorageSetting_FailsTheSiloStart_NamingTheSetting_WithoutTakingTheLock()
    {
        await using var cluster = FlatfileSilo.Build(DataPath, ("MaxMessagesPerSession", "0"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => FlatfileSilo.Within(cluster.DeployAsync(), "a misconfigured silo to fail"));

        Assert.Contains(FlatfileSilo.Chain(error), e => e.Message.Contains("Storage:MaxMessagesPerSession must be positive (was 0).", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Join(DataPath, DataDirectoryLock.FileName)));
    }
}
