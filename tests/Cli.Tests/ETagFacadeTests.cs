using System.Text.Json;
using ChatDb.Client;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace ChatDb.Cli.Tests;

/// <summary>
/// Both .NET facades on one silo: the cluster client (<see cref="ChatDbClient"/>) and the REST client
/// (<see cref="ChatDbRestClient"/>) read the same ETags, and a stale one is a <see cref="PreconditionFailedError"/> through each.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ETagFacadeTests(ChatDbSilo silo) : IAsyncLifetime
{
    private IHost _client = null!;
    private ChatDbClient _cluster = null!;
    private ChatDbRestClient _rest = null!;

    public async Task InitializeAsync()
    {
        _client = await silo.ConnectClientAsync();
        _cluster = new ChatDbClient(_client.Services.GetRequiredService<IClusterClient>());
        _rest = new ChatDbRestClient(new Uri(silo.Url), silo.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _client.StopAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task BothDoors_ReadTheSameETags_ForEveryKindOfRecord()
    {
        var user = "facade-etag-" + Guid.NewGuid().ToString("N")[..10];
        var persona = "facade-etag-" + Guid.NewGuid().ToString("N")[..10];
        await _cluster.CreateUserAsync(user, new UserProfileInput { DisplayName = "Ada" });
        var session = await _cluster.CreateSessionAsync(user, "both doors");
        await _cluster.UpdateContextAsync(user, session.Id, new SituationalContext("shared", ["one"], [], default, 0.5));
        await _cluster.SaveDocumentAsync(user, session.Id, "notes.txt", "hello"u8.ToArray());
        await _cluster.SavePersonaAsync(persona, new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("Tutor") }, user);

        foreach (IChatDb door in new IChatDb[] { _cluster, _rest })
        {
            var other = ReferenceEquals(door, _cluster) ? (IChatDb)_rest : _cluster;
            Assert.Equal((await door.GetUserProfileWithETagAsync(user))!.ETag, (await other.GetUserProfileWithETagAsync(user))!.ETag);
            Assert.Equal((await door.GetSessionWithETagAsync(user, session.Id))!.ETag, (await other.GetSessionWithETagAsync(user, session.Id))!.ETag);
            Assert.Equal((await door.GetContextWithETagAsync(user, session.Id))!.ETag, (await other.GetContextWithETagAsync(user, session.Id))!.ETag);
            Assert.Equal((await door.GetDocumentWithETagAsync(user, session.Id, "notes.txt"))!.ETag,
                (await other.GetDocumentWithETagAsync(user, session.Id, "notes.txt"))!.ETag);
            Assert.Equal((await door.GetPersonaWithETagAsync(persona, user))!.ETag, (await other.GetPersonaWithETagAsync(persona, user))!.ETag);
        }
    }

    [Fact]
    public async Task AStaleETag_IsAPreconditionFailedError_ThroughEachDoor_AndWritesNothing()
    {
        var user = "facade-etag-" + Guid.NewGuid().ToString("N")[..10];
        var session = await _cluster.CreateSessionAsync(user, "first");
        var stale = (await _rest.GetSessionWithETagAsync(user, session.Id))!.ETag;
        var renamed = await _cluster.UpdateSessionIfMatchAsync(user, session.Id, new SessionPatch { Title = "second" }, stale);

        var viaCluster = await Assert.ThrowsAsync<PreconditionFailedError>(
            () => _cluster.UpdateSessionIfMatchAsync(user, session.Id, new SessionPatch { Title = "lost" }, stale));
        var viaRest = await Assert.ThrowsAsync<PreconditionFailedError>(
            () => _rest.UpdateSessionIfMatchAsync(user, session.Id, new SessionPatch { Title = "lost" }, stale));
        await Assert.ThrowsAsync<PreconditionFailedError>(() => _rest.DeleteSessionIfMatchAsync(user, session.Id, stale));

        Assert.Equal(renamed.ETag, viaCluster.CurrentETag);
        Assert.Contains(renamed.ETag, viaRest.Message, StringComparison.Ordinal);
        var stored = (await _rest.GetSessionWithETagAsync(user, session.Id))!;
        Assert.Equal("second", stored.Value.Title);
        Assert.Equal(renamed.ETag, stored.ETag);
        Assert.False(await _rest.DeletePersonaIfMatchAsync("never-saved", user, IfMatch.Any));
    }
}
