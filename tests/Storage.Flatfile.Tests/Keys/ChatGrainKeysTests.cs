using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Storage.Flatfile.Tests.Keys;

/// <summary>
/// The one grammar of chat grain keys: what the builders make the parsers give back, and every segment of
/// every key type is checked, first the count (rule <c>key-segments</c>) and then each id's own rule.
/// </summary>
public sealed class ChatGrainKeysTests
{
    private const string SessionId = "chat_session_20250102_030405_123456";
    private const string PanelId = "panel_20250102_030405_123456";

    private static readonly EntityIdFormat Ids = new FlatfileStorageOptions().IdFormat();

    [Fact]
    public void BuiltKeys_ParseBackToTheirIds()
    {
        Assert.Equal(new SessionKey("alice", SessionId), ChatGrainKeys.ParseSession(ChatGrainKeys.Session("alice", SessionId), Ids));
        Assert.Equal(new PersonaKey("alice", "tutor"), ChatGrainKeys.ParsePersona(ChatGrainKeys.UserPersona("alice", "tutor")));
        Assert.Equal(new PersonaKey(null, "critic"), ChatGrainKeys.ParsePersona(ChatGrainKeys.GlobalPersona("critic")));
        Assert.Null(ChatGrainKeys.ParsePersonaCatalog(ChatGrainKeys.PersonaCatalog(null)));
        Assert.Equal("alice", ChatGrainKeys.ParsePersonaCatalog(ChatGrainKeys.PersonaCatalog("alice")));
        Assert.Equal("alice", ChatGrainKeys.ParseUser("alice"));
        Assert.Equal("alice", ChatGrainKeys.ParseSearch("alice"));
        Assert.Equal(PanelId, ChatGrainKeys.ParsePanel(PanelId, Ids));
        ChatGrainKeys.ParsePanelDirectory(ChatGrainKeys.Global);
        ChatGrainKeys.ParseRetention(ChatGrainKeys.Global);
        Assert.Equal(new[] { "m1", "notes" }, ChatGrainKeys.ParseSegments("m1/notes"));
    }

    [Fact]
    public void Session_JoinsUserAndSessionIdWithTheSeparator()
    {
        Assert.Equal($"alice{ChatGrainKeys.Separator}{SessionId}", ChatGrainKeys.Session("alice", SessionId));
    }

    [Theory]
    [InlineData("user", "alice/bob", "{userId}")]
    [InlineData("search", "alice/bob", "{userId}")]
    [InlineData("session", "alice", "{userId}/{sessionId}")]
    [InlineData("session", "alice/" + SessionId + "/extra", "{userId}/{sessionId}")]
    [InlineData("panel", "x/" + PanelId, "{panelId}")]
    [InlineData("persona", "a/b/c", "{personaId} (global) or {userId}/{personaId}")]
    [InlineData("personacatalog", "global/alice", "'global' or {userId}")]
    public void KeyWithTheWrongNumberOfSegments_IsRejectedByTheKeySegmentsRuleNamingTheForm(string type, string key, string form)
    {
        var error = Assert.Throws<ValidationError>(() => Parse(type, key));

        Assert.Contains("rule 'key-segments'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the form {form} (", error.Message, StringComparison.Ordinal);
        Assert.Contains(IdText.Escape(key), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("panel_20250102_030405_123456")]
    [InlineData("")]
    public void PanelDirectoryAndRetentionKeys_OtherThanGlobal_AreRejectedByTheKeySegmentsRule(string key)
    {
        var directory = Assert.Throws<ValidationError>(() => ChatGrainKeys.ParsePanelDirectory(key));
        var retention = Assert.Throws<ValidationError>(() => ChatGrainKeys.ParseRetention(key));

        Assert.Contains("rule 'key-segments': the only panel directory is 'global'", directory.Message, StringComparison.Ordinal);
        Assert.Contains("rule 'key-segments': the only retention grain is 'global'", retention.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("profile.json")]
    [InlineData("chat_session_20250102_030405")]
    [InlineData("panel_20250102_030405_123456")]
    public void SessionIdNotOfTheGeneratedForm_IsRejectedByTheGeneratedIdRule(string sessionId)
    {
        var error = Assert.Throws<ValidationError>(() => ChatGrainKeys.ParseSession(ChatGrainKeys.Session("alice", sessionId), Ids));

        Assert.Contains("'generated-id-format'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionAndPanelIds_FollowTheConfiguredPrefix()
    {
        var talk = new FlatfileStorageOptions { SessionIdPrefix = "talk" }.IdFormat();

        Assert.Equal("talk_20250102_030405_123456", ChatGrainKeys.ParseSession("alice/talk_20250102_030405_123456", talk).SessionId);
        Assert.Throws<ValidationError>(() => ChatGrainKeys.ParseSession(ChatGrainKeys.Session("alice", SessionId), talk));
    }

    [Fact]
    public void UserCalledGlobal_HasNoCatalogOfTheirOwn()
    {
        Assert.Null(ChatGrainKeys.ParsePersonaCatalog("global"));
    }

    [Theory]
    [MemberData(nameof(HostileIds.Cases), MemberType = typeof(HostileIds))]
    public void HostileId_InAnySegmentOfAnyKey_IsAValidationErrorNamingItsRule(int index, string description)
    {
        var hostile = HostileIds.Corpus[index];
        // An id with a separator changes the number of segments, so the count is the first rule it breaks.
        var rule = hostile.Value.Contains(ChatGrainKeys.Separator, StringComparison.Ordinal) ? "key-segments" : IdRules.Code(hostile.Rule);

        Action[] parses =
        [
            () => ChatGrainKeys.ParseUser(hostile.Value),
            () => ChatGrainKeys.ParseSearch(hostile.Value),
            () => ChatGrainKeys.ParseSession(ChatGrainKeys.Session(hostile.Value, SessionId), Ids),
            () => ChatGrainKeys.ParseSession(ChatGrainKeys.Session("alice", hostile.Value), Ids),
            () => ChatGrainKeys.ParsePersona(ChatGrainKeys.UserPersona(hostile.Value, "tutor")),
            () => ChatGrainKeys.ParsePersona(ChatGrainKeys.UserPersona("alice", hostile.Value)),
            () => ChatGrainKeys.ParsePersonaCatalog(ChatGrainKeys.PersonaCatalog(hostile.Value)),
        ];

        foreach (var parse in parses)
        {
            var error = Assert.Throws<ValidationError>(parse);
            Assert.Contains($"'{rule}'", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }

        Assert.False(string.IsNullOrEmpty(description));
    }

    [Theory]
    [InlineData("")]
    [InlineData("m1/")]
    [InlineData("m1//x")]
    [InlineData("m1/../x")]
    [InlineData("m1/.hidden")]
    public void KeyWithoutAGrammarOfItsOwn_StillHasEverySegmentChecked(string key)
    {
        var error = Assert.Throws<ValidationError>(() => ChatGrainKeys.ParseSegments(key));

        Assert.StartsWith("grain key segment ", error.Message, StringComparison.Ordinal);
    }

    private static object? Parse(string type, string key) => type switch
    {
        ChatGrainTypes.User => ChatGrainKeys.ParseUser(key),
        ChatGrainTypes.Search => ChatGrainKeys.ParseSearch(key),
        ChatGrainTypes.Session => ChatGrainKeys.ParseSession(key, Ids),
        ChatGrainTypes.Panel => ChatGrainKeys.ParsePanel(key, Ids),
        ChatGrainTypes.Persona => ChatGrainKeys.ParsePersona(key),
        ChatGrainTypes.PersonaCatalog => ChatGrainKeys.ParsePersonaCatalog(key),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no parser in this test"),
    };
}
