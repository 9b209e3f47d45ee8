namespace ChatDb.Storage.Flatfile.Tests.Options;

public sealed class StorageLimitsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(1024)]
    public void EnsureWithin_AtOrBelowTheLimit_Passes(long actual)
    {
        StorageLimits.EnsureWithin("MaxMessageSizeBytes", 1024, actual, "message m1 in session s1 of user alice");

        Assert.True(actual <= 1024);
    }

    [Fact]
    public void EnsureWithin_AboveTheLimit_ThrowsNamingLimitValueAndSubject()
    {
        var error = Assert.Throws<StorageLimitExceeded>(() =>
            StorageLimits.EnsureWithin("MaxMessageSizeBytes", 1024, 1025, "message m1 in session s1 of user alice"));

        Assert.Equal("MaxMessageSizeBytes", error.LimitName);
        Assert.Equal(1024, error.Limit);
        Assert.Equal(1025, error.Actual);
        Assert.Contains("message m1 in session s1 of user alice", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxMessageSizeBytes = 1024", error.Message, StringComparison.Ordinal);
    }
}
