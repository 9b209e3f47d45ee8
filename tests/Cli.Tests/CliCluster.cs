using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using ChatDb.Grains.Hosting;
using ChatDb.Grains.Serialization;
using ChatDb.Runtime.Hosting;
using ChatDb.Grains.Security;
using ChatDb.Runtime.TestingHost;

namespace ChatDb.Cli.Tests;

/// <summary>
/// A one-silo test cluster (chat grains on memory providers, a gateway on loopback) that the CLI talks to;
/// given a cluster secret, its gateway refuses clients without it.
/// </summary>
public class CliCluster : IAsyncLifetime
{
    private readonly string? _clusterSecret;
    private TestCluster? _cluster;

    // xunit builds a fixture through its one public constructor.
    public CliCluster()
        : this(clusterSecret: null)
    {
    }

    protected CliCluster(string? clusterSecret) => _clusterSecret = clusterSecret;

    public string Gateway { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _cluster = new TestClusterBuilder()
            .ConfigureSilo(silo =>
            {
                silo.Services.AddMemoryGrainStorageAsDefault();
                silo.Services.AddMemoryGrainLogStorageAsDefault();
                silo.Services.AddMemoryGrainFileStorageAsDefault();
                silo.AddChatGrains().AddChatSearch().AddGrainSerializerContext(ChatDbJsonContext.Default);
                if (_clusterSecret is not null)
                {
                    silo.UseGatewayClusterSecret(SecretDigest.Compute(_clusterSecret));
                }
            })
            .ConfigureClient(client =>
            {
                if (_clusterSecret is not null)
                {
                    ChatDb.Runtime.Client.ClientBuilderExtensions.UseClusterSecret(client, _clusterSecret);
                }
            })
            .Build();
        await _cluster.DeployAsync();
        Gateway = _cluster.Primary.GatewayEndPoint.ToString();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Runs <c>chatdb args... --gateway {gateway}</c> in this process and captures what it printed.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunAgainstAsync(Gateway, args);

    public static Task<CliRun> RunAgainstAsync(string gateway, params string[] args) => InvokeAsync(args, ["--gateway", gateway]);

    /// <summary>Runs <c>chatdb args... door...</c> in this process; the result names the command without the door.</summary>
    public static async Task<CliRun> InvokeAsync(string[] args, string[] door)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var exitCode = await CliRoot.Create().Parse([.. args, .. door]).InvokeAsync(configuration);
        return new CliRun(exitCode, output.ToString(), error.ToString(), string.Join(' ', args));
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static string UnusedGateway()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }
}

public sealed record CliRun(int ExitCode, string Output, string Error, string Command)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Asserts success and returns the output.</summary>
    public string Ok()
    {
        Assert.True(ExitCode == 0, $"chatdb {Command} exited {ExitCode}: {Error}{Output}");
        return Output;
    }
}

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliCluster>
{
    public const string Name = "chatdb against one silo";
}
