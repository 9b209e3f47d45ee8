using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Grains.Models;
using ChatDb.Runtime;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.TestingHost;
using ChatDb.Storage.Flatfile.Hosting;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// A one-silo test cluster with the chat grains on the real flatfile providers, in the cluster's temporary
/// data directory (passed by <see cref="TestCluster"/> as <c>Storage:StorageBasePath</c>), with chat events
/// on memory streams and a fake clock, so generated ids are known in advance. Restarting or killing the
/// silo leaves only what is on disk for the next one.
/// </summary>
internal sealed class FlatfileChatCluster : IAsyncDisposable
{
    private FlatfileChatCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    public IClusterClient Client => Cluster.Client;

    /// <summary>The data directory every silo of the cluster opens.</summary>
    public string DataDirectory => Cluster.DataDirectory;

    /// <param name="configure">Chat limits.</param>
    /// <param name="configureSilo">More silo services (after the chat grains), e.g. retention.</param>
    public static async Task<FlatfileChatCluster> StartAsync(Action<ChatLimitsOptions>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        FlatfileChatCluster? chat = null;
        var cluster = new TestClusterBuilder()
            .ConfigureSilo(silo =>
            {
                silo.Services.AddSingleton<TimeProvider>(chat!.Clock);
                silo.AddFlatfileGrainStorageAsDefault();
                silo.AddMemoryStreams(ChatStreams.DefaultProviderName);
                silo.AddChatGrains(limits => limits.Configure(o => configure?.Invoke(o)));
                silo.AddChatEventStreams();
                configureSilo?.Invoke(silo);
            })
            .Build();
        chat = new FlatfileChatCluster(cluster);
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return chat;
    }

    public IUserGrain User(string userId) => Client.GetGrain<IUserGrain>(userId);

    public ISessionGrain Session(string userId, string sessionId) => Client.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, sessionId));

    public ISessionGrain Session(ChatSession session) => Session(session.UserId, session.Id);

    public IPanelGrain Panel(string panelId) => Client.GetGrain<IPanelGrain>(panelId);

    public IPanelDirectoryGrain Panels => Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global);

    public IPersonaGrain GlobalPersona(string personaId) => Client.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona(personaId));

    public IPersonaGrain UserPersona(string userId, string personaId) => Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(userId, personaId));

    public IPersonaCatalogGrain Catalog(string? userId) => Client.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(userId));

    /// <summary>Graceful stop (every activation deactivates, logs closed, lock released), then a fresh silo.</summary>
    public Task RestartAsync() => Cluster.RestartSiloAsync(Cluster.Primary);

    /// <summary>A crash (no deactivation code runs), then a fresh silo on the same data directory.</summary>
    public async Task KillAndStartAsync()
    {
        await Cluster.KillSiloAsync(Cluster.Primary);
        await Cluster.StartSiloAsync();
    }

    /// <summary>Absolute path of <paramref name="relative"/> ('/'-separated) inside the data directory.</summary>
    public string PathOf(string relative) => Path.Combine(DataDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every file under the data directory, relative with '/', sorted ordinally; the lock file left out.</summary>
    public IReadOnlyList<string> ListFiles() =>
        Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(DataDirectory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => path != ".lock")
            .Order(StringComparer.Ordinal)
            .ToList();

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
