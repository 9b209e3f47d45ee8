using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

/// <summary>Every id of the shared hostile corpus is refused at the grain's door, whichever key segment it is in.</summary>
public sealed class HostileIdTests : IAsyncLifetime
{
    private const string ValidSessionId = "chat_session_20250101_000000_000000";
    private ChatCluster _chat = null!;

    public static IEnumerable<object[]> Cases => HostileIds.Cases;

    public async Task InitializeAsync() => _chat = await ChatCluster.StartAsync();

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UserGrain_WithAHostileUserId_FailsWithAValidationError(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;

        var error = await Assert.ThrowsAsync<ValidationError>(() => _chat.User(id).GetProfileAsync());

        Assert.False(string.IsNullOrEmpty(error.Message), description);
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
        await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPersonaCatalogGrain>(id).ListIdsAsync());
        Assert.NotNull(description);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PanelsAndDocuments_RefuseHostilePersonaIdsAndFilenames(int index, string description)
    {
        var id = HostileIds.Corpus[index].Value;
        var session = _chat.Session(await _chat.User("alice").CreateSessionAsync(null, null));

        await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync("t", [id], null));
        await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPanelGrain>(id).GetAsync());
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
}
