using Orleans;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Memory;
using ChatDb.Storage.Options;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace ChatDb.Grains.Tests.Infrastructure;

/// <summary>
/// A one-silo Orleans test cluster with the chat grains on the memory providers of Storage.Facets and a fake
/// clock. The provider instances live here, not in the silo, so a restarted silo finds the data of the
/// previous one, and tests read them directly.
/// </summary>
internal sealed class ChatCluster : IAsyncDisposable
{
    private const string Default = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;

    private ChatCluster()
    {
        FileStorage = new MemoryGrainFileStorage(Default, Clock);
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(TestClusters.ClockStart);

    public MemoryGrainStateStorage StateStorage { get; } = new(Default);

    public CountingLogStorage LogStorage { get; } = new(new MemoryGrainLogStorage(Default));

    public MemoryGrainFileStorage FileStorage { get; }

    public RecordingEventPublisher Events { get; } = new();

    public IClusterClient Client => Cluster.Client;

    /// <param name="configure">Chat limits.</param>
    /// <param name="configureSilo">More silo services, after the ones the silo registers.</param>
    /// <param name="silos">How many silos; they share the provider instances, as silos share a database.</param>
    public static async Task<ChatCluster> StartAsync(Action<ChatLimitsOptions>? configure = null, Action<ISiloBuilder>? configureSilo = null, short silos = 1)
    {
        var chat = new ChatCluster();
        chat.Cluster = TestClusters.Build(chat.Clock, chat.AddMemoryStorage, configure, configureSilo, chat.Events, silos);
        await TestClusters.DeployAsync(chat.Cluster);
        return chat;
    }

    public IUserGrain User(string userId) => Client.GetGrain<IUserGrain>(userId);

    public ISessionGrain Session(string userId, string sessionId) => Client.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, sessionId));

    public ISessionGrain Session(Models.ChatSession session) => Session(session.UserId, session.Id);

    /// <summary>Stops the silo gracefully (every activation deactivates) and starts a new one on the same providers.</summary>
    public Task RestartAsync() => TestClusters.RestartAsync(Cluster);

    /// <summary>Reads a grain's stored state straight from the provider.</summary>
    public async Task<GrainState<T>> ReadStateAsync<T>(string grainType, string key, string stateName)
    {
        var state = new GrainState<T>(default!);
        await StateStorage.ReadStateAsync(stateName, GrainId.Create(grainType, key), state);
        return state;
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();

    private void AddMemoryStorage(ISiloBuilder silo)
    {
        silo.Services.AddGrainStorage(Default, (_, _) => StateStorage);
        silo.Services.AddGrainLogStorage(Default, (_, _) => LogStorage);
        silo.Services.AddGrainFileStorage(Default, (_, _) => FileStorage);
    }
}
