using ChatDb.Grains.Retention;

namespace ChatDb.Grains.Tests;

public sealed class RetentionOptionsValidatorTests
{
    private readonly RetentionOptionsValidator _validator = new();

    [Fact]
    public void DeleteAfter_NotBeyondArchiveAfter_FailsNamingBothSettings()
    {
        var result = _validator.Validate(null, new RetentionOptions { ArchiveSessionsAfterDays = 30, DeleteSessionsAfterDays = 30 });

        Assert.True(result.Failed);
        Assert.Contains("Retention:DeleteSessionsAfterDays (30)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Retention:ArchiveSessionsAfterDays (30)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, -1)]
    public void DaysBelowOne_Fail(int? archive, int? delete)
    {
        var result = _validator.Validate(null, new RetentionOptions { ArchiveSessionsAfterDays = archive, DeleteSessionsAfterDays = delete });

        Assert.True(result.Failed);
        Assert.Contains("must be at least 1 day", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroInterval_FailsNamingTheSetting()
    {
        var result = _validator.Validate(null, new RetentionOptions { Interval = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Retention:Interval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AndDeleteBeyondArchive_AreValid()
    {
        Assert.True(_validator.Validate(null, new RetentionOptions()).Succeeded);
        Assert.True(_validator.Validate(null, new RetentionOptions { ArchiveSessionsAfterDays = 30, DeleteSessionsAfterDays = 365 }).Succeeded);
    }
}
