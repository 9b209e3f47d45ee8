using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Runtime;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.TestingHost;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Tests.Infrastructure;

/// <summary>
/// A one-silo test cluster with the chat grains on memory providers and a fake clock. The provider
/// instances live here, not in the silo, so a restarted silo finds the data of the previous one.
/// </summary>
internal sealed class ChatCluster : IAsyncDisposable
{
    private ChatCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    public MemoryGrainStorage StateStorage { get; } = new(StorageProviderNames.Default);

    public CountingLogStorage LogStorage { get; } = new(new MemoryGrainLogStorage(StorageProviderNames.Default));

    public MemoryGrainFileStorage FileStorage { get; private set; } = null!;

    public RecordingEventPublisher Events { get; } = new();

    public IClusterClient Client => Cluster.Client;

    public static async Task<ChatCluster> StartAsync(Action<ChatLimitsOptions>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        ChatCluster? chat = null;
        var cluster = new TestClusterBuilder()
            .ConfigureSilo(silo =>
            {
                var c = chat!;
                silo.Services.AddSingleton<TimeProvider>(c.Clock);
                silo.Services.AddGrainStorage(StorageProviderNames.Default, (_, _) => c.StateStorage);
                silo.Services.AddGrainLogStorage(StorageProviderNames.Default, (_, _) => c.LogStorage);
                silo.Services.AddKeyedSingleton<IGrainFileStorage>(StorageProviderNames.Default, c.FileStorage);
                silo.Services.AddSingleton<IGrainFileStorage>(c.FileStorage);
                silo.Services.AddSingleton<IChatEventPublisher>(c.Events);
                silo.AddChatGrains(limits => limits.Configure(o => configure?.Invoke(o)));
                configureSilo?.Invoke(silo);
            })
            .Build();
        chat = new ChatCluster(cluster);
        chat.FileStorage = new MemoryGrainFileStorage(chat.Clock);
        await cluster.DeployAsync();
        return chat;
    }

    public IUserGrain User(string userId) => Client.GetGrain<IUserGrain>(userId);

    public ISessionGrain Session(string userId, string sessionId) => Client.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, sessionId));

    public ISessionGrain Session(Models.ChatSession session) => Session(session.UserId, session.Id);

    /// <summary>Stops the silo gracefully (every activation deactivates) and starts a new one on the same providers.</summary>
    public Task RestartAsync() => Cluster.RestartSiloAsync(Cluster.Primary);

    /// <summary>Reads a grain's stored state straight from the provider.</summary>
    public async Task<GrainState<T>> ReadStateAsync<T>(string grainType, string key, string stateName)
    {
        var state = new GrainState<T>(default!);
        await StateStorage.ReadStateAsync(stateName, GrainId.Create(grainType, key), state);
        return state;
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
