using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

public sealed class GrainPathsValidationTests : IDisposable
{
    private const string Session = "alice/chat_session_20250102_030405_123456";

    private readonly FlatfileTestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("session", "alice", "{userId}/{sessionId}")]
    [InlineData("session", "alice/chat_session_20250102_030405_123456/extra", "{userId}/{sessionId}")]
    [InlineData("user", "alice/bob", "{userId}")]
    [InlineData("persona", "a/b/c", "{personaId} (global) or {userId}/{personaId}")]
    public void KeyWithTheWrongNumberOfSegments_IsAValidationErrorNamingTheForm(string type, string key, string form)
    {
        var error = Assert.Throws<ValidationError>(() => _data.Paths.Footprint(GrainId.Create(type, key)));

        Assert.Contains(form, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{type}/{key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionIdThatIsNotGenerated_IsRejectedByTheGeneratedIdRule()
    {
        var error = Assert.Throws<ValidationError>(() => _data.Paths.StateFile(GrainId.Create("session", "alice/profile.json"), "session"));

        Assert.Contains("generated-id-format", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("grain \"session/alice/profile.json\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user", "alice", "state", "settings", "profile, sessions")]
    [InlineData("session", Session, "log", "traces", "messages")]
    [InlineData("panel", "panel_20250102_030405_123456", "files", "documents", "insights, personas")]
    [InlineData("user", "alice", "log", "messages", "session_journal")]
    public void FacetTheLayoutDoesNotList_IsAConfigurationErrorNamingTheKnownOnes(string type, string key, string facet, string name, string known)
    {
        var grain = GrainId.Create(type, key);

        var error = Assert.Throws<ConfigurationError>(() => _ = facet switch
        {
            "state" => _data.Paths.StateFile(grain, name),
            "log" => _data.Paths.LogFile(grain, name),
            _ => _data.Paths.Files(grain, name).Directory,
        });

        Assert.Contains($"known: {known}", error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("documents", "report.exe", "document-extension")]
    [InlineData("documents", "metadata.json", "reserved-file-name")]
    [InlineData("documents", "a.tar.gz", "document-extension")]
    [InlineData("context_history", "context_20250102_030405_123456", "json-file-name")]
    [InlineData("context_history", "snapshot.json", "generated-id-format")]
    public void FileNameBreakingTheCollectionsRule_IsRejectedNamingTheRule(string collection, string fileName, string rule)
    {
        var files = _data.Paths.Files(GrainId.Create("session", Session), collection);

        var error = Assert.Throws<ValidationError>(() => files.PathOf(fileName));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Contains(collection, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v0.json")]
    [InlineData("v01.json")]
    [InlineData("v-1.json")]
    [InlineData("v.json")]
    [InlineData("1.json")]
    [InlineData("v99999999999.json")]
    public void PersonaVersionFile_MustBeVersionNumberFromOneWithoutLeadingZeros(string fileName)
    {
        var files = _data.Paths.Files(GrainId.Create("persona", "sage"), "versions");

        Assert.Throws<ValidationError>(() => files.PathOf(fileName));
    }

    [Theory]
    [InlineData("profile.v2")]
    [InlineData("a.json")]
    public void GenericFacetNameWithADot_IsRejected_SoJsonAndJsonlAndDirectoryCannotCollide(string name)
    {
        var error = Assert.Throws<ValidationError>(() => _data.Paths.StateFile(GrainId.Create("notebook", "x"), name));

        Assert.Contains("no-dot-in-facet-name", error.Message, StringComparison.Ordinal);
    }
}
