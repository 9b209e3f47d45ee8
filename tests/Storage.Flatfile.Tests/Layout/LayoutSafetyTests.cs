using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Tests.Support;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Tests.Layout;

public sealed class LayoutSafetyTests : IDisposable
{
    private const string Session = "chat_session_20250102_030405_123456";
    private const string Panel = "panel_20250102_030405_123456";

    private readonly TempDirectory _root = new();
    private readonly FlatfileLayout _layout;

    public LayoutSafetyTests()
    {
        var data = _root.Combine("data");
        Directory.CreateDirectory(Path.Join(data, "users", "alice", Session));
        File.WriteAllText(Path.Join(data, "users", "alice", "profile.json"), "{}");
        _layout = new FlatfileLayout(StorageOptions.At(data));
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Every layout method with a caller id in every position the id can take.</summary>
    private static IEnumerable<(string Position, Func<FlatfileLayout, string, string> Build)> Positions()
    {
        yield return ("user id: directory", (l, id) => l.UserDirectory(id));
        yield return ("user id: profile", (l, id) => l.UserProfileFile(id));
        yield return ("user id: personas", (l, id) => l.UserPersonasDirectory(id));
        yield return ("user id: persona", (l, id) => l.UserPersonaFile(id, "sage"));
        yield return ("user id: session", (l, id) => l.SessionDirectory(id, Session));
        yield return ("user id: messages", (l, id) => l.SessionMessagesFile(id, Session));
        yield return ("user id: document", (l, id) => l.DocumentFile(id, Session, "a.pdf"));
        yield return ("user id: snapshot", (l, id) => l.ContextSnapshotFile(id, Session, "context_20250102_030405_123456"));
        yield return ("persona id: user persona", (l, id) => l.UserPersonaFile("alice", id));
        yield return ("persona id: user versions", (l, id) => l.UserPersonaVersionFile("alice", id, 1));
        yield return ("persona id: global", (l, id) => l.GlobalPersonaFile(id));
        yield return ("persona id: global versions", (l, id) => l.GlobalPersonaVersionsDirectory(id));
        yield return ("persona id: panel snapshot", (l, id) => l.PanelPersonaFile(Panel, id));
        yield return ("session id", (l, id) => l.SessionMetadataFile("alice", id));
        yield return ("session id: documents", (l, id) => l.DocumentMetadataFile("alice", id));
        yield return ("panel id", (l, id) => l.PanelMetadataFile(id));
        yield return ("panel id: insight", (l, id) => l.PanelInsightFile(id, "insight_20250102_030405_123456"));
        yield return ("context id", (l, id) => l.ContextSnapshotFile("alice", Session, id));
        yield return ("insight id", (l, id) => l.PanelInsightFile(Panel, id));
        yield return ("document filename", (l, id) => l.DocumentFile("alice", Session, id));
        yield return ("module name", (l, id) => l.ModuleDirectory(id));
    }

    [Theory]
    [MemberData(nameof(HostileIds.Cases), MemberType = typeof(HostileIds))]
    public void EveryLayoutMethod_WithHostileId_ThrowsTheRuleAndCreatesNothing(int index, string description)
    {
        var hostile = HostileIds.Corpus[index];
        var before = DirectorySnapshot.Take(_root.Path);

        foreach (var (position, build) in Positions())
        {
            var error = Assert.Throws<ValidationError>(() => build(_layout, hostile.Value));
            Assert.True(
                error.Message.Contains($"'{IdRules.Code(hostile.Rule)}'", StringComparison.Ordinal),
                $"{description} as {position}: expected rule {IdRules.Code(hostile.Rule)} in: {error.Message}");
        }

        Assert.Equal(before, DirectorySnapshot.Take(_root.Path));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("chat_session_20250102_030405")]
    [InlineData("chat_session_20251302_030405_123456")]
    [InlineData("panel_20250102_030405_123456")]
    [InlineData("personas")]
    [InlineData("profile.json")]
    public void SessionMethods_WithIdNotOfTheGeneratedForm_AreRejected(string sessionId)
    {
        var error = Assert.Throws<ValidationError>(() => _layout.SessionMetadataFile("alice", sessionId));

        Assert.Contains("'generated-id-format'", error.Message, StringComparison.Ordinal);
        Assert.Contains("session id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("SYSTEM")]
    [InlineData("panel_sessions")]
    [InlineData("personas_global")]
    public void ModuleDirectory_NamedLikeALayoutDirectory_IsRejected(string module)
    {
        var error = Assert.Throws<ValidationError>(() => _layout.ModuleDirectory(module));

        Assert.Contains("'reserved-file-name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentFile_NamedLikeTheMetadataFile_IsRejected()
    {
        var error = Assert.Throws<ValidationError>(() => _layout.DocumentFile("alice", Session, "metadata.json"));

        Assert.Contains("'reserved-file-name'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void PersonaVersionFile_VersionBelowOne_IsRejected(int version)
    {
        var error = Assert.Throws<ValidationError>(() => _layout.GlobalPersonaVersionFile("sage", version));

        Assert.Contains("versions start at 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UserDirectory_ThatIsASymlinkPointingOutside_IsRejected()
    {
        var outside = _root.Combine("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Join(_layout.UsersDirectory, "mallory"), outside);
        var before = DirectorySnapshot.Take(_root.Path);

        var error = Assert.Throws<ValidationError>(() => _layout.UserProfileFile("mallory"));

        Assert.Contains("'no-symbolic-link'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mallory", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, DirectorySnapshot.Take(_root.Path));
    }
}
