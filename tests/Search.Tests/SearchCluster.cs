using ChatDb.Grains;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage.Files;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;

namespace ChatDb.Search.Tests;

/// <summary>
/// One silo with the chat grains and search as the silo wires them, on the flatfile providers in a data
/// directory of its own, and a fake clock (the search grain's index flush waits for it). A restart keeps
/// what is on disk; a crash keeps only what is on disk at that instant (<see cref="FlatfileChatCluster.CrashAndStartAsync"/>).
/// </summary>
internal sealed class SearchCluster : IAsyncDisposable
{
    private readonly FlatfileChatCluster _chat;

    private SearchCluster(FlatfileChatCluster chat) => _chat = chat;

    public FakeTimeProvider Clock => _chat.Clock;

    public IClusterClient Client => _chat.Client;

    /// <summary>The silo's data directory.</summary>
    public string DataDirectory => _chat.DataDirectory;

    /// <summary>The file storage of the running silo, where the search grain keeps its index.</summary>
    public IGrainFileStorage FileStorage =>
        _chat.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainFileStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <param name="configureSilo">More silo services, after the ones the silo registers (e.g. an embedder of the test's).</param>
    public static async Task<SearchCluster> StartAsync(Action<ISiloBuilder>? configureSilo = null) =>
        new(await FlatfileChatCluster.StartAsync(configureSilo: configureSilo));

    public IUserGrain User(string userId) => Client.GetGrain<IUserGrain>(userId);

    public ISearchGrain Search(string userId) => Client.GetGrain<ISearchGrain>(userId);

    public ISessionGrain Session(string userId, string sessionId) => Client.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, sessionId));

    public static GrainId SearchGrainId(string userId) => GrainId.Create(ChatGrainTypes.Search, userId);

    /// <summary>Stops the silo gracefully (activations deactivate and flush) and starts a new one on the same directory.</summary>
    public Task RestartAsync() => _chat.RestartAsync();

    /// <summary>A crash (nothing flushed at deactivation reaches the data), then a new silo on what was on disk.</summary>
    public Task CrashAndRestartAsync() => _chat.CrashAndStartAsync();

    public ValueTask DisposeAsync() => _chat.DisposeAsync();
}
