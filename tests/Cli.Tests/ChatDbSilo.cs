using System.Net;
using ChatDb.Client;
using ChatDb.Grains.Security;
using ChatDb.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ChatDb.Cli.Tests;

/// <summary>
/// The real silo application (<see cref="SiloApplication.Build"/>: Orleans, the chat grains on flatfile, the REST
/// API) on a data directory that is the only entry of a fresh temporary root, so a test can prove nothing was
/// written anywhere else. HTTP on 127.0.0.1 and a free port; the silo and gateway ports free loopback ports;
/// a cluster id of its own, so a client must name it (the default would not connect). Given an API key, the
/// silo requires it on REST.
/// </summary>
public class ChatDbSilo : IAsyncLifetime
{
    private readonly IReadOnlyList<string> _settings;
    private WebApplication? _app;

    // xunit builds a fixture through its one public constructor.
    public ChatDbSilo()
        : this(apiKey: null, settings: [])
    {
    }

    /// <param name="apiKey">An admin key the silo then requires on REST.</param>
    /// <param name="settings">Further command-line settings (<c>--Section:Key=value</c>).</param>
    protected ChatDbSilo(string? apiKey, IReadOnlyList<string> settings)
    {
        ApiKey = apiKey;
        _settings = settings;
    }

    /// <summary>The admin key the silo requires, or null when it requires none (loopback only).</summary>
    public string? ApiKey { get; }

    public string Root { get; } = Path.Join(Path.GetTempPath(), "chatdb-cli-silo-" + Guid.NewGuid().ToString("N"));

    public string DataDirectory => Path.Join(Root, "data");

    public string ClusterId { get; } = "cli-tests-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The silo's HTTP address.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The Orleans gateway, host:port.</summary>
    public string Gateway { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var siloPort = ChatDbCli.UnusedPort();
        var gatewayPort = ChatDbCli.UnusedPort();
        List<string> args =
        [
            "--data", DataDirectory, "--http", "http://127.0.0.1:0",
            "--silo-port", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cluster-id", ClusterId,

            // The silo logs to the console; the test output needs only what went wrong.
            "--Logging:LogLevel:Default=Warning",
        ];
        if (ApiKey is not null)
        {
            args.AddRange(["--Auth:ApiKeys:0:Name=ops", $"--Auth:ApiKeys:0:Hash={SecretDigest.Format(SecretDigest.Compute(ApiKey))}", "--Auth:ApiKeys:0:Scope=admin"]);
        }

        (_app, _) = SiloApplication.Build([.. args, .. _settings]);
        await _app.StartAsync();
        Url = _app.Urls.Single();
        Gateway = $"127.0.0.1:{gatewayPort}";
    }

    /// <summary>Stops the silo (releasing its data directory) and leaves the root in place.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Runs <c>chatdb args... --silo {url}</c> in this process and captures what it printed.</summary>
    public Task<CliRun> RunRestAsync(params string[] args) => ChatDbCli.InvokeAsync(args, ["--silo", Url]);

    /// <summary>Runs <c>chatdb args... --gateway {gateway} --cluster-id {cluster id}</c> in this process and captures what it printed.</summary>
    public Task<CliRun> RunGatewayAsync(params string[] args) => ChatDbCli.InvokeAsync(args, ["--gateway", Gateway, "--cluster-id", ClusterId]);

    /// <summary>A started Orleans client host connected to this silo's gateway, as the README shows one (static gateway, <c>UseChatDb</c>).</summary>
    public async Task<IHost> ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(IPEndPoint.Parse(Gateway))
            .Configure<ClusterOptions>(options => options.ClusterId = ClusterId)
            .UseChatDb());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Every file and directory under the root, relative to it (in-flight temp files of atomic writes left out).</summary>
    public string[] Entries() =>
        [.. Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Root, path))
            .Order(StringComparer.Ordinal)];
}

/// <summary>A silo requiring an admin API key on REST, generated per run.</summary>
public sealed class SecuredSilo() : ChatDbSilo(SecretDigest.NewToken("chatdb_"), settings: []);

/// <summary>
/// A silo of its own for the hostile-id tests, which compare its whole tree before and after. It writes search
/// index files as soon as a message is indexed (not 30 s later), so the tests can wait for them before comparing.
/// </summary>
public sealed class HostileIdSilo() : ChatDbSilo(apiKey: null, settings: ["--Search:FlushDelay=00:00:00"]);

[CollectionDefinition(Name)]
public sealed class RestCollection : ICollectionFixture<ChatDbSilo>
{
    public const string Name = "chatdb against one silo over REST";
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<ChatDbSilo>
{
    public const string Name = "chatdb against one silo through its Orleans gateway";
}

[CollectionDefinition(Name)]
public sealed class SecuredRestCollection : ICollectionFixture<SecuredSilo>
{
    public const string Name = "chatdb against one silo over REST with API keys";
}

[CollectionDefinition(Name)]
public sealed class HostileIdRestCollection : ICollectionFixture<HostileIdSilo>
{
    public const string Name = "chatdb hostile ids against one silo over REST";
}

[CollectionDefinition(Name)]
public sealed class HostileIdGatewayCollection : ICollectionFixture<HostileIdSilo>
{
    public const string Name = "chatdb hostile ids against one silo through its Orleans gateway";
}
