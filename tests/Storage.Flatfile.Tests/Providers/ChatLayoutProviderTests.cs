using System.Text;
using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans.Runtime;
using Orleans;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

/// <summary>The providers on the chat grains' part of the layout: what lands where, and what DeleteAll removes.</summary>
public sealed class ChatLayoutProviderTests : IAsyncLifetime
{
    private const string SessionId = "chat_session_20250102_030405_123456";
    private static readonly GrainId User = GrainId.Create("user", "alice");
    private static readonly GrainId Session = GrainId.Create("session", "alice/" + SessionId);

    private readonly FlatfileTestDirectory _data = new();
    private FlatfileOpenLogs _logs = null!;
    private FlatfileGrainStorage _state = null!;
    private FlatfileGrainLogStorage _log = null!;
    private FlatfileGrainFileStorage _files = null!;

    public Task InitializeAsync()
    {
        var directory = _data.Directory;
        _logs = new FlatfileOpenLogs(directory.Options);
        _state = new FlatfileGrainStorage("Default", _data.Paths, directory.AtomicFile);
        _log = new FlatfileGrainLogStorage("Default", _data.Paths, _logs, directory.AtomicFile);
        _files = new FlatfileGrainFileStorage("Default", _data.Paths, directory.AtomicFile, _logs, directory.Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _logs.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Messages_AreStoredWithTheSequenceTheLogAssigns_WhateverSeqTheCallerSet()
    {
        await _log.AppendAsync("messages", Session, [Message("m1", seq: 0), Message("m2", seq: 42)], 0);

        var read = await _log.ReadAsync<ChatMessage>("messages", Session, 1, 10);
        var lines = await File.ReadAllLinesAsync(Path.Join(_data.BasePath, "users", "alice", SessionId, "messages.jsonl"));

        Assert.Equal([1L, 2L], read.Select(e => e.Value.Seq));
        Assert.StartsWith("{\"seq\":2,\"id\":\"m2\",", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines[1].Split("\"seq\"").Length);
    }

    [Fact]
    public async Task DeleteAll_OfAUser_RemovesTheDirectoryWithItsSessions_AndAnOpenLogStartsAfresh()
    {
        await _state.WriteStateAsync("profile", User, new GrainState<Dictionary<string, string>>(new() { ["name"] = "Alice" }));
        await _log.AppendAsync("messages", Session, [Message("m1"), Message("m2")], 0);
        await _files.WriteAsync(Session, "documents", "notes.md", Encoding.UTF8.GetBytes("# notes"));

        var removed = await _files.DeleteAllAsync(User);
        var countAfter = await _log.CountAsync("messages", Session);
        await _log.AppendAsync("messages", Session, [Message("again")], 0);

        Assert.Equal(3, removed);
        Assert.Equal(0, countAfter);
        Assert.Equal(1, await _log.CountAsync("messages", Session));
        Assert.False(File.Exists(Path.Join(_data.BasePath, "users", "alice", "profile.json")));
    }

    [Fact]
    public async Task DocumentsList_LeavesOutTheMetadataDocumentAndTempFiles()
    {
        await _state.WriteStateAsync("documents", Session, new GrainState<Dictionary<string, string>>(new() { ["notes.md"] = "x" }));
        await _files.WriteAsync(Session, "documents", "notes.md", "# notes"u8.ToArray());
        var directory = _data.Paths.Files(Session, "documents").Directory;
        await File.WriteAllTextAsync(Path.Join(directory, "notes.md.0123456789abcdef.tmp"), "debris");

        var listed = await _files.ListAsync(Session, "documents");

        Assert.Equal(["notes.md"], listed.Select(f => f.Name));
    }

    [Fact]
    public async Task PersonaCatalog_ListsThePersonaFiles_AndRefusesWrites()
    {
        await _state.WriteStateAsync("persona", GrainId.Create("persona", "sage"), new GrainState<Dictionary<string, int>>(new() { ["version"] = 1 }));
        await _files.WriteAsync(GrainId.Create("persona", "sage"), "versions", "v1.json", "{}"u8.ToArray());
        var catalog = GrainId.Create("personacatalog", "global");

        var listed = await _files.ListAsync(catalog, "personas");
        var error = await Assert.ThrowsAsync<ValidationError>(() => _files.WriteAsync(catalog, "personas", "evil.json", "{}"u8.ToArray()));

        Assert.Equal(["sage.json"], listed.Select(f => f.Name));
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _files.DeleteAllAsync(catalog));
    }

    [Fact]
    public async Task StateDocument_IsWrittenInTheDocumentedJsonConventions()
    {
        var created = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 123, 456, TimeSpan.Zero);
        var session = new ChatSession(SessionId, "alice", "Title", created, created, []);

        await _state.WriteStateAsync("session", Session, new GrainState<ChatSession>(session));
        var text = await File.ReadAllTextAsync(Path.Join(_data.BasePath, "users", "alice", SessionId, "session.json"));

        Assert.Contains("\"user_id\": \"alice\"", text, StringComparison.Ordinal);
        Assert.Contains("\"created_at\": \"2025-01-02T03:04:05.123456Z\"", text, StringComparison.Ordinal);
    }

    private static ChatMessage Message(string id, long seq = 0) =>
        new(id, seq, "user", "hello " + id, DateTimeOffset.UnixEpoch, [], new Dictionary<string, JsonElement>());
}
