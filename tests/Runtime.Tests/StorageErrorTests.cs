using ChatDb.Storage;

namespace ChatDb.Runtime.Tests;

public sealed class StorageErrorTests
{
    [Fact]
    public void LimitExceeded_NamesTheLimitAndTheValue()
    {
        var error = new StorageLimitExceeded("MaxMessageSizeBytes", 1024, 2048, "message in session s1");

        Assert.IsAssignableFrom<StorageError>(error);
        Assert.Contains("MaxMessageSizeBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("2048", error.Message, StringComparison.Ordinal);
        Assert.Equal(1024, error.Limit);
    }
}
