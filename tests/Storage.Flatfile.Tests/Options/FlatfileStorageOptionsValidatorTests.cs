using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Sessions;

namespace ChatDb.Storage.Flatfile.Tests.Options;

public sealed class FlatfileStorageOptionsValidatorTests
{
    private static readonly Dictionary<string, (Action<FlatfileStorageOptions> Break, string[] Expected)> Cases = new()
    {
        ["empty base path"] = (o => o.StorageBasePath = " ",
            ["Storage:StorageBasePath must be a directory path"]),
        ["traversal in directory name"] = (o => o.UserDataDirectoryName = "../users",
            ["Storage:UserDataDirectoryName must be a valid path name", "'allowed-characters'", "(was \"../users\")"]),
        ["hidden file name"] = (o => o.MessagesFilename = ".messages.jsonl",
            ["Storage:MessagesFilename must be a valid path name", "'no-leading-dot'"]),
        ["two top-level directories equal"] = (o => o.PanelSessionsDirectoryName = "Users",
            ["Storage:UserDataDirectoryName conflicts with Storage:PanelSessionsDirectoryName", "'users'"]),
        ["session file equals documents directory"] = (o => o.DocumentStorageSubdirectoryName = "session.json",
            ["Storage:SessionMetadataFilename conflicts with Storage:DocumentStorageSubdirectoryName"]),
        ["panel file equals messages"] = (o => o.PanelMetadataFilename = "messages.jsonl",
            ["Storage:PanelMetadataFilename conflicts with Storage:MessagesFilename"]),
        ["temp suffix allowed as document"] = (o => o.AtomicWriteTempSuffix = ".pdf",
            ["Storage:AtomicWriteTempSuffix conflicts with Storage:AllowedDocumentExtensions:0"]),
        ["no chat limits"] = (o => o.ChatLimits = null!,
            ["Storage:ChatLimits must be set"]),
        ["temp suffix ends a stored file"] = (o => o.AtomicWriteTempSuffix = ".jsonl",
            ["Storage:AtomicWriteTempSuffix conflicts with Storage:MessagesFilename",
             "Storage:AtomicWriteTempSuffix must not be .json or .jsonl"]),
        ["temp suffix without dot"] = (o => o.AtomicWriteTempSuffix = "tmp",
            ["Storage:AtomicWriteTempSuffix must be '.' followed by"]),
        ["timestamp without microseconds"] = (o => o.SessionTimestampFormat = "yyyyMMdd_HHmmss",
            ["Storage:SessionTimestampFormat must be a .NET date format that yields a path-safe timestamp with microseconds"]),
        ["timestamp with separators"] = (o => o.ContextSnapshotTimestampFormat = "yyyy/MM/dd HH:mm:ss.ffffff",
            ["Storage:ContextSnapshotTimestampFormat must be"]),
        ["undefined durability"] = (o => o.Durability = (Durability)7,
            ["Storage:Durability must be one of Fsync, OsBuffered (was 7)"]),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(name => new object[] { name });

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(FlatfileStorageOptionsValidator.FindProblems(new FlatfileStorageOptions()));
        Assert.True(new FlatfileStorageOptionsValidator().Validate(null, new FlatfileStorageOptions()).Succeeded);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_BadSetting_FailsNamingTheSettingAndTheValue(string caseName)
    {
        var (breakIt, expected) = Cases[caseName];
        var options = new FlatfileStorageOptions();
        breakIt(options);

        var result = new FlatfileStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, caseName);
        var message = string.Join("\n", result.Failures!);
        Assert.All(expected, part => Assert.Contains(part, message, StringComparison.Ordinal));
    }

    [Fact]
    public void EnsureValid_BadOptions_ThrowsConfigurationErrorListingEveryProblem_ChatLimitsIncluded()
    {
        var options = new FlatfileStorageOptions { MessagesFilename = "../m.jsonl" };
        options.ChatLimits.MaxMessageSizeBytes = -1;

        var error = Assert.Throws<ConfigurationError>(() => FlatfileStorageOptionsValidator.EnsureValid(options));

        Assert.Contains("Storage:MessagesFilename must be a valid path name", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:MaxMessageSizeBytes must be positive (was -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadChatLimit_IsLeftToTheChatLimitsValidator_SoAHostReportsItOnce()
    {
        var options = new FlatfileStorageOptions();
        options.ChatLimits.MaxMessageSizeBytes = -1;

        Assert.True(new FlatfileStorageOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Defaults_AreTheSeedDefaults()
    {
        var o = new FlatfileStorageOptions();

        Assert.Equal("Storage", FlatfileStorageOptions.SectionName);
        Assert.Equal("./data", o.StorageBasePath);
        Assert.Equal(("users", "panel_sessions", "personas_global", "system"),
            (o.UserDataDirectoryName, o.PanelSessionsDirectoryName, o.GlobalPersonasDirectoryName, o.SystemConfigDirectoryName));
        Assert.Equal(("chat_session", "panel"), (o.SessionIdPrefix, o.PanelIdPrefix));
        Assert.Equal(("profile.json", "session.json", "messages.jsonl", "situational_context.json", "metadata.json"),
            (o.UserProfileFilename, o.SessionMetadataFilename, o.MessagesFilename, o.SituationalContextFilename, o.DocumentMetadataFilename));
        Assert.Equal((".tmp", Durability.Fsync), (o.AtomicWriteTempSuffix, o.Durability));
        Assert.Equal(("documents", "analysis", "context_history"),
            (o.DocumentStorageSubdirectoryName, o.DocumentAnalysisSubdirectoryName, o.ContextHistorySubdirectoryName));
    }

    [Fact]
    public void DocumentLocationsDefault_NamesWhatTheLayoutDefaultsName()
    {
        var o = new FlatfileStorageOptions();

        Assert.Equal([o.DocumentMetadataFilename, o.DocumentAnalysisSubdirectoryName], DocumentLocations.Default.ReservedFilenames);
        Assert.Equal($"{o.UserDataDirectoryName}/u/s/{o.DocumentStorageSubdirectoryName}/a.pdf", DocumentLocations.Default.RelativePath("u", "s", "a.pdf"));
    }
}
