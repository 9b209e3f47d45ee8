using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests;

public sealed class UserProfileTests
{
    [Fact]
    public async Task GetProfile_OfUnknownUser_IsNull()
    {
        await using var chat = await ChatCluster.StartAsync();

        Assert.Null(await chat.User(Json.NewUserId()).GetProfileAsync());
    }

    [Fact]
    public async Task PutProfile_CreatesThenReplaces_KeepingCreationTime()
    {
        await using var chat = await ChatCluster.StartAsync();
        var user = chat.User("alice");

        var created = await user.PutProfileAsync(new UserProfileInput { DisplayName = "Alice", Preferences = Json.Map("theme", "\"dark\"") });
        chat.Clock.Advance(TimeSpan.FromMinutes(1));
        var replaced = await user.PutProfileAsync(new UserProfileInput { DisplayName = "Ally" });

        Assert.Equal("alice", created.UserId);
        Assert.Equal("Ally", replaced.DisplayName);
        Assert.Empty(replaced.Preferences);
        Assert.Equal(created.CreatedAt, replaced.CreatedAt);
        Assert.Equal(created.CreatedAt + TimeSpan.FromMinutes(1), replaced.UpdatedAt);
        Assert.Equal(replaced, await user.GetProfileAsync(), ProfileComparer.Instance);
    }

    [Fact]
    public async Task UpdateProfile_MergesMapsKeyByKey_AndJsonNullRemovesAKey()
    {
        await using var chat = await ChatCluster.StartAsync();
        var user = chat.User("bob");
        await user.PutProfileAsync(new UserProfileInput { DisplayName = "Bob", Preferences = Json.Map("theme", "\"dark\"", "lang", "\"en\"") });

        var updated = await user.UpdateProfileAsync(new UserProfilePatch { Preferences = Json.Map("lang", "\"fr\"", "theme", "null", "size", "3") });

        Assert.Equal("Bob", updated.DisplayName);
        Assert.Equal(["lang", "size"], updated.Preferences.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("fr", updated.Preferences["lang"].GetString());
    }

    [Fact]
    public async Task UpdateProfile_WithoutProfile_ThrowsNotFoundNamingTheUser()
    {
        await using var chat = await ChatCluster.StartAsync();

        var error = await Assert.ThrowsAsync<NotFoundError>(() => chat.User("carol").UpdateProfileAsync(new UserProfilePatch { DisplayName = "C" }));

        Assert.Contains("carol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutProfile_SurvivesASiloRestart()
    {
        await using var chat = await ChatCluster.StartAsync();
        var stored = await chat.User("dave").PutProfileAsync(new UserProfileInput { DisplayName = "Dave", Data = Json.Map("plan", "\"pro\"") });

        await chat.RestartAsync();

        var read = await chat.User("dave").GetProfileAsync();
        Assert.Equal(stored, read, ProfileComparer.Instance);
    }

    private sealed class ProfileComparer : IEqualityComparer<UserProfile?>
    {
        public static readonly ProfileComparer Instance = new();

        public bool Equals(UserProfile? x, UserProfile? y) =>
            x is not null && y is not null && x.UserId == y.UserId && x.DisplayName == y.DisplayName
            && x.CreatedAt == y.CreatedAt && x.UpdatedAt == y.UpdatedAt
            && x.Preferences.Keys.SequenceEqual(y.Preferences.Keys) && x.Data.Keys.SequenceEqual(y.Data.Keys);

        public int GetHashCode(UserProfile? obj) => obj?.UserId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
