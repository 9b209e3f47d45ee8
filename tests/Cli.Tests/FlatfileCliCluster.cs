using ChatDb.Grains.Hosting;
using ChatDb.Grains.Serialization;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.TestingHost;
using ChatDb.Storage.Flatfile.Hosting;

namespace ChatDb.Cli.Tests;

/// <summary>
/// A one-silo test cluster on the flatfile providers, its data directory the only entry of a fresh
/// temporary root, so a test can prove that nothing was written anywhere else.
/// </summary>
public sealed class FlatfileCliCluster : IAsyncLifetime
{
    private TestCluster? _cluster;

    /// <summary>A temporary directory holding the data directory and nothing else.</summary>
    public string Root { get; } = Path.Join(Path.GetTempPath(), "chatdb-cli-flatfile-" + Guid.NewGuid().ToString("N"));

    public string DataDirectory => Path.Join(Root, "data");

    public string Gateway { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        _cluster = new TestClusterBuilder()
            .ConfigureSilo(silo => silo
                .AddChatGrains()
                .AddFlatfileGrainStorageAsDefault(options => options.Configure(storage => storage.StorageBasePath = DataDirectory))
                .AddChatSearch()
                .AddGrainSerializerContext(ChatDbJsonContext.Default))
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

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Runs <c>chatdb args... --gateway {gateway}</c> in this process and captures what it printed.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliCluster.RunAgainstAsync(Gateway, args);

    /// <summary>Every file and directory under the root, relative to it (in-flight temp files of atomic writes left out).</summary>
    public string[] Entries() =>
        [.. Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Root, path))
            .Order(StringComparer.Ordinal)];
}

[CollectionDefinition(Name)]
public sealed class FlatfileCliCollection : ICollectionFixture<FlatfileCliCluster>
{
    public const string Name = "chatdb against one silo on flatfile";
}
