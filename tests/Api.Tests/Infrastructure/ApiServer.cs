using ChatDb.Grains.Hosting;
using ChatDb.Silo;
using ChatDb.Silo.Api;
using ChatDb.Silo.Health;
using ChatDb.Storage.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Storage;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// An Orleans silo with the chat grains on the flatfile providers (a temporary data directory), chat events on
/// memory streams, and the REST API on a real Kestrel listener (127.0.0.1, a free port), shared by the
/// tests of <see cref="ApiCollection"/>. Its silo and gateway ports are free ones and its cluster id is its own,
/// so servers started in parallel never find each other. Limits are small so the 413 paths are cheap to reach; the state
/// provider is wrapped to inject faults and count reads.
/// </summary>
public sealed class ApiServer : IAsyncLifetime
{
    public const long MaxMessageSizeBytes = 16 * 1024;
    public const long MaxDocumentSizeBytes = 256 * 1024;

    /// <summary>The JSON body limit the API derives: max(64 KiB, 2 x MaxMessageSizeBytes).</summary>
    public const long JsonBodyLimitBytes = 64 * 1024;

    /// <summary>The receive buffer of the server's sockets (see <see cref="InitializeAsync"/>).</summary>
    public const int SocketBufferBytes = 64 * 1024;

    private readonly IReadOnlyDictionary<string, string?>? _configuration;
    private readonly bool _ownsRoot;
    private readonly long _maxMessageSizeBytes;
    private readonly TimeProvider? _clock;
    private WebApplication? _app;
    private FaultyGrainStorage? _state;

    public ApiServer()
        : this(NewRoot(), ownsRoot: true, MaxMessageSizeBytes, configuration: null)
    {
    }

    /// <summary>A server with extra configuration (e.g. the <c>Auth</c> section), for fixtures that wrap one.</summary>
    internal ApiServer(IReadOnlyDictionary<string, string?> configuration)
        : this(NewRoot(), ownsRoot: true, MaxMessageSizeBytes, configuration)
    {
    }

    private ApiServer(string root, bool ownsRoot, long maxMessageSizeBytes, IReadOnlyDictionary<string, string?>? configuration, TimeProvider? clock = null)
    {
        Root = root;
        _ownsRoot = ownsRoot;
        _maxMessageSizeBytes = maxMessageSizeBytes;
        _configuration = configuration;
        _clock = clock;
    }

    /// <summary>The cluster id of this server's silo, unique per server.</summary>
    public string ClusterId { get; } = "api-tests-" + Guid.NewGuid().ToString("N");

    /// <summary>The port of the silo's Orleans gateway (loopback), for cluster clients.</summary>
    public int GatewayPort { get; } = LoopbackPorts.Next();

    private int SiloPort { get; } = LoopbackPorts.Next();

    /// <summary>A temporary directory holding the configured data directory and nothing else.</summary>
    public string Root { get; }

    /// <summary>A server on the data directory under <paramref name="root"/> that leaves it in place when
    /// disposed, so a test can stop it, change the files and start another one on them. With a
    /// <paramref name="clock"/>, the silo and the API read time from it (and its timers) instead of the system clock.</summary>
    public static ApiServer On(string root, long maxMessageSizeBytes = MaxMessageSizeBytes, TimeProvider? clock = null) =>
        new(root, ownsRoot: false, maxMessageSizeBytes, configuration: null, clock);

    /// <summary>A server with extra configuration whose silo and API read time from <paramref name="clock"/>.</summary>
    internal static ApiServer With(IReadOnlyDictionary<string, string?> configuration, TimeProvider clock) =>
        new(NewRoot(), ownsRoot: true, MaxMessageSizeBytes, configuration, clock);

    /// <summary>Registers more services before the app is built (set before <see cref="InitializeAsync"/>).</summary>
    internal Action<IServiceCollection, IConfiguration>? ExtraServices { get; set; }

    /// <summary>The app's services, once started.</summary>
    internal IServiceProvider Services => _app!.Services;

    public string DataDirectory => Path.Join(Root, "data");

    private static string NewRoot() => Path.Join(Path.GetTempPath(), "chatdb-api-tests-" + Guid.NewGuid().ToString("N"));

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Grain state reads so far: every activation reads its state, so an unchanged count means no grain was activated.</summary>
    public long StateReads => _state?.Reads ?? 0;

    /// <summary>Every log line the silo wrote (Debug and above), formatted, with exceptions.</summary>
    internal CapturedLogs Logs { get; } = new();

    /// <summary>The silo's grains, for setting up what no REST route of this build does (deleting a panel).</summary>
    public Orleans.IGrainFactory Grains => _app!.Services.GetRequiredService<Orleans.IGrainFactory>();

    /// <summary>The route table as the app has it: every endpoint of every data source.</summary>
    internal IEnumerable<Endpoint> Endpoints => ((IEndpointRouteBuilder)_app!).DataSources.SelectMany(source => source.Endpoints);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // A fixed receive buffer (accepted sockets inherit the listener's) turns off the kernel's autotuning,
        // which on loopback buffers up to tcp_rmem's maximum (32 MB here) for a server that reads nothing:
        // what a client manages to send is then close to what the server read (BodyAbuseTests).
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.ReceiveBufferSize = SocketBufferBytes;
            return socket;
        });

        if (_clock is not null)
        {
            builder.Services.UseTestClock(_clock);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        if (_configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(_configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(SiloPort, GatewayPort, serviceId: ClusterId, clusterId: ClusterId);
            silo.AddChatGrains(options => options.Configure(limits =>
                {
                    limits.MaxMessageSizeBytes = _maxMessageSizeBytes;
                    limits.MaxDocumentSizeBytes = MaxDocumentSizeBytes;
                }))
                .AddFlatfileGrainStorageAsDefault(options => options.Configure(storage => storage.StorageBasePath = DataDirectory))
                .AddChatEventMemoryStreams()
                .AddChatEventStreams()
                .AddChatSearch();
            WrapDefaultStateStorage(silo.Services);
        });
        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddChatDbApi();
        ExtraServices?.Invoke(builder.Services, builder.Configuration);

        _app = builder.Build();
        _app.MapHealth();
        _app.MapChatDbApi();
        await _app.StartAsync();
        _app.Services.GetRequiredService<SiloReadiness>().MarkReady();
        BaseAddress = new Uri(_app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_ownsRoot && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Every path under the data directory except in-flight temp files of atomic writes.</summary>
    public string[] DataFiles() =>
        [.. Directory.EnumerateFileSystemEntries(DataDirectory, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private void WrapDefaultStateStorage(IServiceCollection services)
    {
        // Orleans resolves the unkeyed default provider through this keyed registration, so replacing it wraps both.
        var original = services.Single(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (provider, key) =>
            _state = new FaultyGrainStorage((IGrainStorage)original.KeyedImplementationFactory!(provider, key)));
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiServer>
{
    public const string Name = "REST API on one silo";
}
