using ChatDb.Grains.Cluster;
using ChatDb.Grains.Events;
using ChatDb.Silo;
using ChatDb.Silo.Cluster;
using ChatDb.Storage;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Cluster.Tests;

/// <summary>
/// <c>Cluster:*</c> settings as the silo reads them at start: localhost with Orleans' liveness shortened for chat by
/// default, a provider without its connection string or a timing out of range stops the start naming the setting,
/// and the connection string never appears in a message or in <see cref="ClusterSettings.ToString"/>.
/// </summary>
public sealed class ClusterSettingsTests : IDisposable
{
    private const string Secret = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0LWtleS1kby1ub3QtbG9n;EndpointSuffix=core.windows.net";
    private readonly string _file = Path.Join(Path.GetTempPath(), "chatdb-cluster-cs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Nothing_Set_MeansLocalhostWithTheChatTimings()
    {
        var settings = ClusterSettings.From(Config());

        Assert.Equal(ClusterMembership.Localhost, settings.Membership);
        Assert.Null(settings.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ProbeTimeout);
        Assert.Equal(2, settings.MissedProbesLimit);
        Assert.Equal(1, settings.VotesForDeath);
        Assert.False(settings.Kubernetes);
    }

    [Fact]
    public void Switches_AndSettings_ReachTheClusterSettings()
    {
        var configuration = Config(SiloCommandLine.Translate(["--membership", "Redis", "--advertised-address", "10.0.0.5"]),
            ("Cluster:ConnectionString", "127.0.0.1:26379"), ("Cluster:ProbeTimeoutSeconds", "3.5"), ("Cluster:MissedProbesLimit", "3"),
            ("Cluster:VotesForDeath", "2"), ("Cluster:Kubernetes", "true"));

        var settings = ClusterSettings.From(configuration);

        Assert.Equal(ClusterMembership.Redis, settings.Membership);
        Assert.Equal("127.0.0.1:26379", settings.ConnectionString);
        Assert.Equal("10.0.0.5", settings.AdvertisedAddress?.ToString());
        Assert.Equal(TimeSpan.FromSeconds(3.5), settings.ProbeTimeout);
        Assert.Equal((3, 2, true), (settings.MissedProbesLimit, settings.VotesForDeath, settings.Kubernetes));
    }

    [Fact]
    public void ConnectionStringFile_IsReadOnce_AndNeverShown()
    {
        File.WriteAllText(_file, "  " + Secret + "\n");

        var settings = ClusterSettings.From(Config(("Cluster:Membership", "azure"), ("Cluster:ConnectionStringFile", _file)));

        Assert.Equal(Secret, settings.ConnectionString);
        Assert.DoesNotContain("AccountKey", settings.ToString(), StringComparison.Ordinal);
        Assert.Equal(ChatEventQueues.DefaultNames("chatdb"), settings.EventQueues("chatdb"));
    }

    [Theory]
    [InlineData("Cluster:Membership", "zookeeper", "Cluster:Membership must be one of localhost, redis, azure")]
    [InlineData("Cluster:ProbeTimeoutSeconds", "0.1", "Cluster:ProbeTimeoutSeconds must be a number from 0.5 to 60")]
    [InlineData("Cluster:MissedProbesLimit", "2.5", "Cluster:MissedProbesLimit must be a whole number from 1 to 10")]
    [InlineData("Cluster:VotesForDeath", "0", "Cluster:VotesForDeath must be a whole number from 1 to 10")]
    [InlineData("Cluster:Kubernetes", "maybe", "Cluster:Kubernetes must be true or false")]
    [InlineData("Cluster:AdvertisedAddress", "db-host", "Cluster:AdvertisedAddress (--advertised-address) must be an IP address")]
    [InlineData("Cluster:QueueNames", "Chat_Events", "Cluster:QueueNames: 'Chat_Events' is not an Azure queue name")]
    public void BadSetting_StopsTheStart_NamingIt(string key, string value, string message)
    {
        var error = Assert.Throws<ConfigurationError>(() => ClusterSettings.From(Config((key, value))));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis", "Cluster:ConnectionString (or Cluster:ConnectionStringFile) is required for Cluster:Membership 'redis' (host:port of the Redis server).")]
    [InlineData("azure", "Cluster:ConnectionString (or Cluster:ConnectionStringFile) is required for Cluster:Membership 'azure' (an Azure Storage connection string, e.g. UseDevelopmentStorage=true).")]
    public void Provider_WithoutConnectionString_StopsTheStart(string membership, string message)
    {
        var error = Assert.Throws<ConfigurationError>(() => ClusterSettings.From(Config(("Cluster:Membership", membership))));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ConnectionString_WithLocalhost_OrTwice_OrInAMissingFile_StopsTheStart_WithoutRepeatingIt()
    {
        var messages = new[]
        {
            Assert.Throws<ConfigurationError>(() => ClusterSettings.From(Config(("Cluster:ConnectionString", Secret)))).Message,
            Assert.Throws<ConfigurationError>(() => ClusterSettings.From(Config(("Cluster:Membership", "azure"),
                ("Cluster:ConnectionString", Secret), ("Cluster:ConnectionStringFile", _file)))).Message,
            Assert.Throws<ConfigurationError>(() => ClusterSettings.From(Config(("Cluster:Membership", "azure"), ("Cluster:ConnectionStringFile", _file)))).Message,
        };

        Assert.StartsWith("Cluster:ConnectionString is set but Cluster:Membership is 'localhost'", messages[0], StringComparison.Ordinal);
        Assert.Equal("Set Cluster:ConnectionString or Cluster:ConnectionStringFile, not both.", messages[1]);
        Assert.Equal("Cluster:ConnectionStringFile names a file that does not exist (FileNotFoundException).", messages[2]);
        Assert.All(messages, message => Assert.DoesNotContain("AccountKey", message, StringComparison.Ordinal));
    }

    [Fact]
    public void UnparsableConnectionStrings_AreRefused_WithoutRepeatingThem()
    {
        var azure = Assert.Throws<ConfigurationError>(() => ClusterSiloBuilderExtensions.AzureTables("AccountKey=not-a-connection-string"));
        var redis = Assert.Throws<ConfigurationError>(() => ClusterSiloBuilderExtensions.RedisConfiguration("password=hunter2"));

        Assert.StartsWith("Cluster:ConnectionString is not an Azure Storage connection string", azure.Message, StringComparison.Ordinal);
        Assert.Equal("Cluster:ConnectionString names no Redis server (expected host:port).", redis.Message);
        Assert.DoesNotContain("not-a-connection-string", azure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", redis.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chatdb", "chatdb-chatdb-events-0")]
    [InlineData("Prod_EU.1", "chatdb-prod-eu-1-events-0")]
    [InlineData("__", "chatdb-default-events-0")]
    public void DefaultQueueNames_AreValidAzureQueueNames_DerivedFromTheServiceId(string serviceId, string first)
    {
        var names = ChatEventQueues.DefaultNames(serviceId);

        Assert.Equal(ChatEventQueues.DefaultCount, names.Count);
        Assert.Equal(first, names[0]);
        Assert.All(names, name => Assert.True(ChatEventQueues.IsValidName(name), name));
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) => Config([], settings);

    private static IConfiguration Config(string[] args, params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .AddCommandLine(args)
            .Build();
}
