using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

/// <summary>Every id of the shared hostile corpus is refused at the grain's door, whichever key segment it is in.</summary>
public sealed class HostileIdTests(SharedChatCluster shared) : IClassFixture<SharedChatCluster>
{
    private const string ValidSessionId = "chat_session_20250101_000000_000000";
    private readonly ChatCluster _chat = shared.Chat;

    public static IEnumerable<object[]> Cases => HostileIds.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UserGrain_WithAHostileUserId_FailsWithAValidationError(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;

        await AssertRefusedAsync(id, () => _chat.User(id).GetProfileAsync());
        Assert.NotNull(description);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SessionGrain_WithAHostileUserOrSessionId_FailsWithAValidationError(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;

        await Assert.ThrowsAsync<ValidationError>(() => _chat.Session(id, ValidSessionId).GetAsync());
        await Assert.ThrowsAsync<ValidationError>(() => _chat.Session("alice", id).GetAsync());
        Assert.NotNull(description);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PersonaGrains_WithAHostileId_FailWithAValidationError(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;

        await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona("alice", id)).GetAsync());
        await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(id, "tutor")).GetAsync());
        await AssertRefusedAsync(id, () => _chat.Client.GetGrain<IPersonaCatalogGrain>(id).ListIdsAsync());
        Assert.NotNull(description);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PanelsAndDocuments_RefuseHostilePersonaIdsAndFilenames(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;
        var session = _chat.Session(await _chat.User("alice").CreateSessionAsync(null, null));

        await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync("t", [id], null));
        await AssertRefusedAsync(id, () => _chat.Client.GetGrain<IPanelGrain>(id).GetAsync());
        await Assert.ThrowsAsync<ValidationError>(() => session.SaveDocumentAsync(id, [1], null, null));
        await Assert.ThrowsAsync<ValidationError>(() => session.SaveDocumentAsync(id + ".pdf", [1], null, null));
        await Assert.ThrowsAsync<ValidationError>(() => session.GetDocumentAsync(id));
        Assert.Empty(await session.ListDocumentsAsync());
        Assert.NotNull(description);
    }

    [Fact]
    public async Task SessionKey_WithExtraSegments_IsAValidationErrorNamingTheRule()
    {
        var error = await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<ISessionGrain>($"a/b/{ValidSessionId}").GetAsync());

        Assert.Contains("key-segments", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationError>(() => _chat.Session("alice", "chat_session_2025").AddMessageAsync(new NewMessage { Role = "user", Content = "x" }));
    }

    /// <summary>
    /// A call on the grain keyed <paramref name="key"/> is refused: by the grain with a <see cref="ValidationError"/>
    /// naming the rule, or, for an empty or blank key, by Orleans itself, which makes no grain reference of it.
    /// </summary>
    private static async Task AssertRefusedAsync(string key, Func<Task> call)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            await Assert.ThrowsAsync<ArgumentException>(call);
            return;
        }

        var error = await Assert.ThrowsAsync<ValidationError>(call);
        Assert.False(string.IsNullOrEmpty(error.Message), $"the refusal of key \"{key}\" names no rule");
    }
}
