using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Storage.Flatfile.Tests.Options;

public sealed class ChatLimitsOptionsValidatorTests
{
    private static readonly Dictionary<string, (Action<ChatLimitsOptions> Break, string[] Expected)> Cases = new()
    {
        ["negative message size"] = (o => o.MaxMessageSizeBytes = -1,
            ["Storage:MaxMessageSizeBytes must be positive (was -1)."]),
        ["zero document size"] = (o => o.MaxDocumentSizeBytes = 0,
            ["Storage:MaxDocumentSizeBytes must be positive (was 0)."]),
        ["zero sessions per user"] = (o => o.MaxSessionsPerUser = 0,
            ["Storage:MaxSessionsPerUser must be positive (was 0)."]),
        ["negative panel personas"] = (o => o.PanelMaxPersonas = -3,
            ["Storage:PanelMaxPersonas must be positive (was -3)."]),
        ["zero insight retention"] = (o => o.PanelInsightRetentionDays = 0,
            ["Storage:PanelInsightRetentionDays must be positive (was 0)."]),
        ["confidence above one"] = (o => o.ContextConfidenceThreshold = 1.5,
            ["Storage:ContextConfidenceThreshold must be between 0 and 1 (was 1.5)."]),
        ["confidence NaN"] = (o => o.ContextConfidenceThreshold = double.NaN,
            ["Storage:ContextConfidenceThreshold must be between 0 and 1 (was NaN)."]),
        ["extension without dot"] = (o => o.AllowedDocumentExtensions = ["pdf"],
            ["Storage:AllowedDocumentExtensions:0 must be '.' followed by ASCII letters or digits (e.g. .pdf) (was \"pdf\")."]),
        ["extension with a forged line"] = (o => o.AllowedDocumentExtensions = [".pdf\nok"],
            ["Storage:AllowedDocumentExtensions:0 must be '.' followed by ASCII letters or digits (e.g. .pdf) (was \".pdf\\u000Aok\")."]),
        ["extension repeated"] = (o => o.AllowedDocumentExtensions = [".md", ".MD"],
            ["Storage:AllowedDocumentExtensions:1 repeats an extension already listed (was \".MD\")."]),
        ["no extension list"] = (o => o.AllowedDocumentExtensions = null!,
            ["Storage:AllowedDocumentExtensions must be a list of extensions such as .pdf (was null)."]),
        ["default above maximum"] = (o => o.SessionListDefaultLimit = 5_000,
            ["Storage:SessionListDefaultLimit conflicts with Storage:MaxSessionsPerUser: the default 5000 exceeds the maximum 1000."]),
        ["page above maximum"] = (o => o.MessagePaginationDefaultLimit = 200_000,
            ["Storage:MessagePaginationDefaultLimit conflicts with Storage:MaxMessagesPerSession: the default 200000 exceeds the maximum 100000."]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(ChatLimitsOptionsValidator.FindProblems(new ChatLimitsOptions()));
        Assert.True(new ChatLimitsOptionsValidator().Validate(null, new ChatLimitsOptions()).Succeeded);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_BadLimit_FailsWithOneMessageNamingTheSettingAndTheValue(string caseName)
    {
        var (breakIt, expected) = Cases[caseName];
        var options = new ChatLimitsOptions();
        breakIt(options);

        var result = new ChatLimitsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, caseName);
        Assert.Equal(expected, result.Failures);
    }

    [Fact]
    public void EnsureValid_BadLimits_ThrowsConfigurationErrorListingEveryProblem()
    {
        var options = new ChatLimitsOptions { MaxMessageSizeBytes = -1, MaxMessagesPerSession = 0 };

        var error = Assert.Throws<ConfigurationError>(() => ChatLimitsOptionsValidator.EnsureValid(options));

        Assert.Contains("Storage:MaxMessageSizeBytes must be positive (was -1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:MaxMessagesPerSession must be positive (was 0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithTheSection_RefusesEveryRemovedKeyItSets_AndNothingElse()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:JsonlReadBufferSize"] = "4096",
            ["Storage:searchresultsdefaultlimit"] = "10",
            ["Storage:MaxMessageSizeBytes"] = "2048",
        }).Build().GetSection(ChatLimitsOptions.SectionName);

        var result = new ChatLimitsOptionsValidator(section).Validate(null, new ChatLimitsOptions());

        Assert.Equal(
        [
            "Storage:JsonlReadBufferSize was removed: log reads size their own buffers; delete the key.",
            "Storage:SearchResultsDefaultLimit was removed: use Search:DefaultLimit, the default page of user and panel search alike (docs/SEARCH.md).",
        ], result.Failures);
    }

    [Fact]
    public void RemovedSettings_AreNoLongerPropertiesOfEitherOptionsClass()
    {
        var properties = typeof(ChatLimitsOptions).GetProperties().Concat(typeof(FlatfileStorageOptions).GetProperties())
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(RemovedSettings.Storage.Keys, key => Assert.DoesNotContain(key, properties));
    }

    [Fact]
    public void EveryStorageKey_BelongsToExactlyOneOptionsClass()
    {
        var limits = typeof(ChatLimitsOptions).GetProperties().Select(p => p.Name);
        var flatfile = typeof(FlatfileStorageOptions).GetProperties().Select(p => p.Name);

        Assert.Empty(limits.Intersect(flatfile, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Defaults_AreTheSeedDefaults()
    {
        var o = new ChatLimitsOptions();

        Assert.Equal("Storage", ChatLimitsOptions.SectionName);
        Assert.Equal((1_048_576L, 104_857_600L, 100_000, 1_000, 100),
            (o.MaxMessageSizeBytes, o.MaxDocumentSizeBytes, o.MaxMessagesPerSession, o.MaxSessionsPerUser, o.MaxContextHistorySnapshots));
        Assert.Equal((100, 50, true), (o.MessagePaginationDefaultLimit, o.SessionListDefaultLimit, o.BackupBeforeDelete));
        Assert.Equal((10, 90), (o.PanelMaxPersonas, o.PanelInsightRetentionDays));
        Assert.Equal([".pdf", ".txt", ".md", ".json", ".csv", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".mp3", ".wav", ".ogg", ".mp4", ".webm"], o.AllowedDocumentExtensions);
        Assert.Equal((500, 10, 0.7), (o.ContextSummaryMaxLength, o.ContextKeyPointsMaxCount, o.ContextConfidenceThreshold));
    }
}
