using ChatDb.Grains;
using ChatDb.Grains.Hosting;
using ChatDb.Runtime;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.TestingHost;
using ChatDb.Runtime.TestKit;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Search.Tests;

/// <summary>One silo with the chat grains and search on memory providers that outlive silo restarts, and a fake clock.</summary>
internal sealed class SearchCluster : IAsyncDisposable
{
    private SearchCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    public MemoryGrainStorage StateStorage { get; } = new(StorageProviderNames.Default);

    public MemoryGrainLogStorage LogStorage { get; } = new(StorageProviderNames.Default);

    public MemoryGrainFileStorage FileStorage { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public static async Task<SearchCluster> StartAsync()
    {
        SearchCluster? search = null;
        var cluster = new TestClusterBuilder()
            .ConfigureSilo(silo =>
            {
                var s = search!;
                silo.Services.AddSingleton<TimeProvider>(s.Clock);
                silo.Services.AddGrainStorage(StorageProviderNames.Default, (_, _) => s.StateStorage);
                silo.Services.AddGrainLogStorage(StorageProviderNames.Default, (_, _) => s.LogStorage);
                silo.Services.AddKeyedSingleton<IGrainFileStorage>(StorageProviderNames.Default, s.FileStorage);
                silo.AddChatGrains();
                silo.AddChatSearch(options => options.Configure(o => o.FlushDelay = TimeSpan.FromSeconds(30)));
            })
            .Build();
        search = new SearchCluster(cluster);
        search.FileStorage = new MemoryGrainFileStorage(search.Clock);
        await cluster.DeployAsync();
        return search;
    }

    public IUserGrain User(string userId) => Client.GetGrain<IUserGrain>(userId);

    public ISearchGrain Search(string userId) => Client.GetGrain<ISearchGrain>(userId);

    public ISessionGrain Session(string userId, string sessionId) => Client.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, sessionId));

    public static GrainId SearchGrainId(string userId) => GrainId.Create("search", userId);

    /// <summary>Stops the silo gracefully (activations deactivate and flush) and starts a new one on the same providers.</summary>
    public Task RestartAsync() => Cluster.RestartSiloAsync(Cluster.Primary);

    /// <summary>Kills the silo (no deactivation, nothing flushed) and starts a new one: a crash.</summary>
    public async Task CrashAndRestartAsync()
    {
        await Cluster.KillSiloAsync(Cluster.Primary);
        await Cluster.StartSiloAsync();
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
