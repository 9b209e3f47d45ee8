using Orleans;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// A one-silo Orleans test cluster with the chat grains on the real flatfile providers, in a temporary data
/// directory of its own, with chat events on memory streams and a fake clock, so generated ids are known in
/// advance. Restarting or crashing the silo leaves only what is on disk for the next one.
/// </summary>
internal sealed class FlatfileChatCluster : IAsyncDisposable
{
    private readonly Action<ChatLimitsOptions>? _limits;
    private readonly Action<ISiloBuilder>? _configureSilo;
    private readonly List<string> _directories = [];

    private FlatfileChatCluster(Action<ChatLimitsOptions>? limits, Action<ISiloBuilder>? configureSilo)
    {
        _limits = limits;
        _configureSilo = configureSilo;
        DataDirectory = NewDirectory();
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(TestClusters.ClockStart);

    /// <summary>Every chat event the grains publish, in order, with the seq it carries.</summary>
    public RecordingEventPublisher Events { get; } = new();

    public IClusterClient Client => Cluster.Client;

    /// <summary>The data directory the running silo opened.</summary>
    public string DataDirectory { get; private set; }

    /// <param name="configure">Chat limits.</param>
    /// <param name="configureSilo">More silo services (after the ones the silo registers), e.g. retention.</param>
    public static async Task<FlatfileChatCluster> StartAsync(Action<ChatLimitsOptions>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var chat = new FlatfileChatCluster(configure, configureSilo);
        await chat.StartClusterAsync();
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

    /// <summary>Graceful stop (every activation deactivates, logs closed, lock released), then a fresh silo on the same directory.</summary>
    public Task RestartAsync() => TestClusters.RestartAsync(Cluster);

    /// <summary>
    /// A crash: the data directory is copied as it is while the silo runs, so the copy holds exactly what a
    /// killed process leaves on disk (written data survives a process kill, it sits in the page cache; nothing
    /// the silo would do at deactivation is in it). A fresh cluster then starts on the copy. Orleans' own
    /// <c>KillSiloAsync</c> cannot stand in for this: in process it still runs the grains' deactivation.
    /// </summary>
    /// <param name="powerLoss">Changes the copy before the fresh cluster starts on it: what a power loss would also
    /// have taken (files and directory entries that were never synced).</param>
    public async Task CrashAndStartAsync(Action<string>? powerLoss = null)
    {
        var copy = NewDirectory();
        CopyDirectory(DataDirectory, copy);
        powerLoss?.Invoke(copy);
        await Cluster.DisposeAsync();
        DataDirectory = copy;
        await StartClusterAsync();
    }

    /// <summary>Stops the silo gracefully, leaving the data directory to offline tools.</summary>
    public Task StopAsync() => Cluster.StopAllSilosAsync();

    /// <summary>Absolute path of <paramref name="relative"/> ('/'-separated) inside the data directory.</summary>
    public string PathOf(string relative) => Path.Combine(DataDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every file under the data directory, relative with '/', sorted ordinally; the lock file left out.</summary>
    public IReadOnlyList<string> ListFiles() =>
        Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(DataDirectory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => path != LockFileName && !path.StartsWith(FencesFileName, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        foreach (var directory in _directories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private const string LockFileName = ".lock";

    private const string FencesFileName = ".fences";

    private Task StartClusterAsync()
    {
        Cluster = TestClusters.Build(
            Clock,
            silo => silo.AddFlatfileGrainStorageAsDefault(options => options.Configure(o => o.StorageBasePath = DataDirectory)),
            _limits,
            _configureSilo,
            Events);
        return TestClusters.DeployAsync(Cluster);
    }

    private string NewDirectory()
    {
        var directory = Path.Join(Path.GetTempPath(), "chatdb-grains-" + Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        return directory;
    }

    /// <summary>Copies every directory and every file but the lock file (the silo holds it locked; its presence means nothing without the lock).</summary>
    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Join(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var path in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, path);
            if (relative == LockFileName || relative.StartsWith(FencesFileName, StringComparison.Ordinal))
            {
                continue;
            }

            File.Copy(path, Path.Join(to, relative));
        }
    }
}
