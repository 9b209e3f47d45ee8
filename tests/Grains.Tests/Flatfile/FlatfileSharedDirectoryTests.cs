using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// Two silos of one cluster on one flatfile data directory: every fenced activation owns its entity's files, a
/// second owner is refused with <see cref="EntityConflictError"/>, and what is derived from the logs (a user's
/// session list, the search index) stays right when a session's grain moves to the other silo.
/// </summary>
public sealed class FlatfileSharedDirectoryTests : IAsyncLifetime
{
    private readonly string _data = Path.Join(Path.GetTempPath(), "chatdb-shared-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = TestClusters.Build(
            new FakeTimeProvider(TestClusters.ClockStart),
            silo => silo.AddFlatfileGrainStorageAsDefault(options => options.Configure(o => o.StorageBasePath = _data)),
            silos: 2);
        await TestClusters.DeployAsync(_cluster);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task AnEntityFencedElsewhere_RefusesItsActivation_NamingIt_UntilTheFenceIsReleased()
    {
        var session = await _cluster.Client.GetGrain<IUserGrain>("alice").CreateSessionAsync("fenced", null);
        var other = ChatGrainKeys.Session("alice", "chat_session_20260304_050607_000001");
        var entity = GrainId.Create(ChatGrainTypes.Session, other).ToString();

        // A third holder of the directory (as a silo whose activation of that session is still alive) holds its fence.
        using var elsewhere = EntityFences.Open(_data);
        Assert.True(elsewhere.TryHold(entity));

        var error = await Assert.ThrowsAsync<EntityConflictError>(() => _cluster.Client.GetGrain<ISessionGrain>(other).GetAsync());
        Assert.Equal(entity, error.Entity);
        Assert.Contains($"'{entity}' is active elsewhere", error.Message, StringComparison.Ordinal);

        // The session the cluster itself activated holds its fence: nobody else can take it.
        Assert.False(elsewhere.TryHold(GrainId.Create(ChatGrainTypes.Session, ChatGrainKeys.Session("alice", session.Id)).ToString()));

        elsewhere.Release(entity);
        await Assert.ThrowsAsync<NotFoundError>(() => _cluster.Client.GetGrain<ISessionGrain>(other).GetAsync());
    }

    [Fact]
    public async Task ASessionMovedToTheOtherSilo_KeepsItsMessages_ItsPlaceInTheList_AndItsSearchHits()
    {
        var user = _cluster.Client.GetGrain<IUserGrain>("bob");
        var session = await user.CreateSessionAsync("moving", null);
        var grain = _cluster.Client.GetGrain<ISessionGrain>(ChatGrainKeys.Session("bob", session.Id));
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "before the move albatross" });
        var search = _cluster.Client.GetGrain<ISearchGrain>("bob");
        Assert.Single(await search.SearchAsync(new SearchQuery { Q = "albatross", Mode = SearchMode.FullText }));

        // The silo hosting the session leaves gracefully: its activations deactivate and give their fences back.
        var id = GrainId.Create(ChatGrainTypes.Session, ChatGrainKeys.Session("bob", session.Id));
        var host = _cluster.Silos.Single(s => s.SiloAddress.Equals(HostOf(id)));
        await TestClusters.Within(_cluster.StopSiloAsync(host), "the session's silo to stop");

        await grain.AddMessageAsync(new NewMessage { Role = "assistant", Content = "after the move albatross" });

        Assert.NotEqual(host.SiloAddress, HostOf(id));
        Assert.Equal(["before the move albatross", "after the move albatross"],
            (await grain.GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        var listed = Assert.Single(await user.ListSessionsAsync(null, 0, null));
        Assert.Equal(session.Id, listed.Id);
        var hits = await search.SearchAsync(new SearchQuery { Q = "albatross", Mode = SearchMode.FullText });
        Assert.Equal(2, hits.Count);
        Assert.All(hits, hit => Assert.Equal(session.Id, hit.SessionId));
    }

    [Fact]
    public async Task ASessionThatComesBackToASiloItLeft_ReadsAndAppendsAfterWhatTheOtherSiloWrote()
    {
        var session = await _cluster.Client.GetGrain<IUserGrain>("carol").CreateSessionAsync("back and forth", null);
        var key = ChatGrainKeys.Session("carol", session.Id);
        var id = GrainId.Create(ChatGrainTypes.Session, key);
        var written = new List<string>();
        var hosts = new List<SiloAddress>();

        // Each round calls the session from one silo and then the other (placement mostly prefers the calling silo, so a
        // move per round is likely, not certain: up to 200 rounds for four moves), writes on whichever silo activated it,
        // reads everything back and deactivates it. From the second move on, a silo activates a session whose logs it
        // had open before, and the other silo has appended to them since.
        var moves = 0;
        for (var round = 0; round < 200 && moves < 4; round++)
        {
            var grain = _cluster.Silos[round % 2].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ISessionGrain>(key);
            var text = $"round {round}";
            await grain.AddMessageAsync(new NewMessage { Role = "user", Content = text });
            written.Add(text);
            hosts.Add(HostOf(id));
            moves += hosts.Count > 1 && !hosts[^1].Equals(hosts[^2]) ? 1 : 0;
            Assert.Equal(written, (await grain.GetMessagesAsync(new MessageQuery { Limit = 1000 })).Select(m => m.Content));
            var page = await grain.ReadEventsAsync(0, 1000);
            Assert.Equal(Enumerable.Range(1, page.Events.Count).Select(i => (long)i), page.Events.Select(e => e.EventSeq));
            Assert.Equal(written, page.Events.OfType<MessageAdded>().Select(e => e.Message.Content));

            Assert.True(_cluster.TryGetGrainContext(id, out var context));
            context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "moving the session"));
            await TestClusters.Within(context.Deactivated, "the session to deactivate");
        }

        Assert.True(moves >= 4, $"the session moved between silos {moves} times in {hosts.Count} activations");
    }

    private SiloAddress HostOf(GrainId grain) =>
        _cluster.TryGetGrainContext(grain, out var context)
            ? context.Address.SiloAddress!
            : throw new InvalidOperationException($"No silo hosts an activation of {grain}.");
}
