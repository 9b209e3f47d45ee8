using System.Text.Json;
using ChatDb.Operations.Tests.Support;
using ChatDb.Runtime.Storage;

namespace ChatDb.Operations.Tests;

public sealed class MigrateV2Tests : IDisposable
{
    private const string First = "chat_session_20240115_100000_123456";
    private const string WholeSeconds = "chat_session_20240116_090000";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MigrateV2_MapsFieldsLikeTheSeedTransformer_ValidatesCounts_AndLeavesTheOldTreeUntouched()
    {
        var old = BuildV2Tree();
        var before = Tree.Files(old);

        var result = await Engines.Migrate(_temp.Combine("new")).MigrateAsync(old);

        Assert.Equal(before, Tree.Files(old));
        Assert.True(result.Validation.IsValid);
        Assert.Equal(new Storage.Flatfile.Maintenance.MigrationCounts(1, 2, 3, 1), result.Validation.Old);
        Assert.Equal(result.Validation.Old, result.Validation.New);
        var user = _temp.Combine("new", "users", "alice");
        using var session = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(user, First, "session.json")));
        Assert.Equal("Test Chat", session.RootElement.GetProperty("title").GetString());
        Assert.Equal("2024-01-15T10:00:00.000000Z", session.RootElement.GetProperty("created_at").GetString());
        using var untitled = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(user, WholeSeconds + "_000000", "session.json")));
        Assert.Equal("Untitled", untitled.RootElement.GetProperty("title").GetString());
        Assert.Equal(WholeSeconds, untitled.RootElement.GetProperty("metadata").GetProperty("legacy_session_id").GetString());
        var messages = await File.ReadAllLinesAsync(Path.Join(user, First, "messages.jsonl"));
        Assert.Equal(
            "{\"seq\":1,\"id\":\"m-1\",\"role\":\"user\",\"content\":\"Hello\",\"timestamp\":\"2024-01-15T10:00:01.000000Z\",\"attachments\":[],\"metadata\":{\"legacy_id\":7,\"lang\":\"en\"}}",
            messages[0]);
        Assert.Contains("\"id\":\"msg_2\",\"role\":\"user\",\"content\":\"\"", messages[1], StringComparison.Ordinal);
        Assert.True((await Engines.Verify(_temp.Combine("new")).VerifyAsync()).IsClean);
    }

    [Fact]
    public async Task MigrateV2_WithAMessageThatIsNotJson_FailsAndWritesNothing()
    {
        var old = BuildV2Tree();
        await File.AppendAllTextAsync(Path.Join(old, "users", "alice", First, "messages.jsonl"), "not json\n");

        var error = await Assert.ThrowsAsync<IntegrityError>(() => Engines.Migrate(_temp.Combine("new")).MigrateAsync(old));

        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
        Assert.Equal([".lock"], Directory.EnumerateFileSystemEntries(_temp.Combine("new")).Select(Path.GetFileName));
    }

    private string BuildV2Tree()
    {
        var root = _temp.Combine("v2");
        var first = Path.Join(root, "users", "alice", First);
        Directory.CreateDirectory(Path.Join(first, "documents"));
        File.WriteAllText(Path.Join(root, "users", "alice", "profile.json"), "{\"user_id\":\"alice\",\"username\":\"Alice\",\"created_at\":\"2024-01-01T00:00:00\"}");
        File.WriteAllText(Path.Join(first, "session.json"), "{\"session_id\":\"" + First + "\",\"session_name\":\"Test Chat\",\"created_at\":\"2024-01-15T10:00:00Z\"}");
        File.WriteAllText(Path.Join(first, "messages.jsonl"),
            "{\"id\":7,\"message_id\":\"m-1\",\"role\":\"user\",\"content\":\"Hello\",\"timestamp\":\"2024-01-15T10:00:01\",\"metadata\":{\"lang\":\"en\"}}\n\n{\"role\":\"user\"}\n");
        File.WriteAllBytes(Path.Join(first, "documents", "report.pdf"), [1, 2, 3]);
        var second = Path.Join(root, "users", "alice", WholeSeconds);
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Join(second, "messages.jsonl"), "{\"message_id\":\"x\",\"role\":\"assistant\",\"content\":\"Hi\"}\n");
        return root;
    }
}
