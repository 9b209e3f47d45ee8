using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class UserProfileTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task GetProfile_OfUnknownUser_IsNull()
    {
        Assert.Null(await _chat.User(Json.NewUserId()).GetProfileAsync());
    }

    [Fact]
    public async Task PutProfile_CreatesThenReplaces_KeepingCreationTime()
    {
        var chat = _chat;
        var userId = Json.NewUserId();
        var user = chat.User(userId);

        var created = await user.PutProfileAsync(new UserProfileInput { DisplayName = "Alice", Preferences = Json.Map("theme", "\"dark\"") });
        chat.Clock.Advance(TimeSpan.FromMinutes(1));
        var replaced = await user.PutProfileAsync(new UserProfileInput { DisplayName = "Ally" });

        Assert.Equal(userId, created.UserId);
        Assert.Equal("Ally", replaced.DisplayName);
        Assert.Empty(replaced.Preferences);
        Assert.Equal(created.CreatedAt, replaced.CreatedAt);
        Assert.Equal(created.CreatedAt + TimeSpan.FromMinutes(1), replaced.UpdatedAt);
        Assert.Equal(replaced, await user.GetProfileAsync(), ProfileComparer.Instance);
    }

    [Fact]
    public async Task UpdateProfile_MergesMapsKeyByKey_AndJsonNullRemovesAKey()
    {
        var user = _chat.User(Json.NewUserId());
        await user.PutProfileAsync(new UserProfileInput { DisplayName = "Bob", Preferences = Json.Map("theme", "\"dark\"", "lang", "\"en\"") });

        var updated = await user.UpdateProfileAsync(new UserProfilePatch { Preferences = Json.Map("lang", "\"fr\"", "theme", "null", "size", "3") });

        Assert.Equal("Bob", updated.DisplayName);
        Assert.Equal(["lang", "size"], updated.Preferences.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("fr", updated.Preferences["lang"].GetString());
    }

    [Fact]
    public async Task UpdateProfile_WithoutProfile_ThrowsNotFoundNamingTheUser()
    {
        var userId = Json.NewUserId("carol");

        var error = await Assert.ThrowsAsync<NotFoundError>(() => _chat.User(userId).UpdateProfileAsync(new UserProfilePatch { DisplayName = "C" }));

        Assert.Contains(userId, error.Message, StringComparison.Ordinal);
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
