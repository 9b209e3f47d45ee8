using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ChatDb.Grains.Cluster;
using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Storage;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;

namespace ChatDb.Silo.Cluster;

/// <summary>Joins the silo to its cluster through the configured membership provider (docs/CLUSTER.md).</summary>
public static class ClusterSiloBuilderExtensions
{
    /// <summary>
    /// How often a silo polls the chat events' Azure queues: each poll is a request to the storage account, so
    /// it is ten times slower than the memory streams' <see cref="ChatGrainsSiloBuilderExtensions.EventPullingPeriod"/>.
    /// </summary>
    public static readonly TimeSpan QueuePullingPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Membership (localhost, Redis or Azure tables), the endpoints the silo listens on and advertises, the
    /// liveness timings, and Kubernetes hosting when asked for.
    /// </summary>
    public static ISiloBuilder UseChatDbMembership(this ISiloBuilder silo, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = settings.Cluster;
        switch (cluster.Membership)
        {
            case ClusterMembership.Localhost:
                // One silo, membership in memory: the zero-install default.
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                break;
            case ClusterMembership.Redis:
                var redis = RedisConfiguration(cluster.ConnectionString!);
                silo.UseRedisClustering(options => options.ConfigurationOptions = redis);
                break;
            case ClusterMembership.Azure:
                var tables = AzureTables(cluster.ConnectionString!);
                silo.UseAzureStorageClustering(options => options.TableServiceClient = tables);
                break;
        }

        if (cluster.Membership != ClusterMembership.Localhost)
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = settings.SiloPort;
                endpoints.GatewayPort = settings.GatewayPort;
                // Silo-to-silo traffic listens where the gateway does, so the exposure rule and TLS cover both.
                endpoints.SiloListeningEndpoint = new IPEndPoint(settings.GatewayAddress, settings.SiloPort);
                if ((cluster.AdvertisedAddress ?? Advertised(settings.GatewayAddress)) is { } advertised)
                {
                    endpoints.AdvertisedIPAddress = advertised;
                }
            });
        }

        silo.Configure<EndpointOptions>(endpoints =>
            endpoints.GatewayListeningEndpoint = new IPEndPoint(settings.GatewayAddress, settings.GatewayPort));
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = cluster.ProbeTimeout;
            options.NumMissedProbesLimit = cluster.MissedProbesLimit;
            options.NumVotesForDeathDeclaration = cluster.VotesForDeath;
        });

        if (cluster.Kubernetes)
        {
            // Name, address and ids come from the pod (POD_NAME, POD_IP, ORLEANS_CLUSTER_ID ...); the membership table
            // stays the configured one, and silos whose pods are gone are removed from it.
            silo.UseKubernetesHosting();
        }

        return silo;
    }

    /// <summary>
    /// The chat events' stream provider and the pub/sub store of its subscriptions: memory for localhost and
    /// Redis (the events are derived from durable data), Azure queues and an Azure table in <c>azure</c> mode, so
    /// events already published and subscriptions survive the silo that held them.
    /// </summary>
    public static ISiloBuilder AddChatDbEventStreams(this ISiloBuilder silo, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = settings.Cluster;
        if (cluster.Membership != ClusterMembership.Azure)
        {
            return silo.AddChatEventMemoryStreams().AddChatEventStreams();
        }

        var tables = AzureTables(cluster.ConnectionString!);
        var queues = AzureQueues(cluster.ConnectionString!);
        var names = cluster.EventQueues(settings.ServiceId).ToList();
        silo.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, options => options.TableServiceClient = tables);
        silo.AddAzureQueueStreams(ChatStreams.DefaultProviderName, streams =>
        {
            streams.ConfigureAzureQueue(queue => queue.Configure(options =>
            {
                options.QueueServiceClient = queues;
                options.QueueNames = names;
            }));
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.GetQueueMsgsTimerPeriod = QueuePullingPeriod));
        });
        return silo.AddChatEventStreams();
    }

    /// <summary>Parses a Redis configuration (<c>host:port</c>, or StackExchange.Redis' comma-separated form).</summary>
    /// <exception cref="ConfigurationError">It does not parse; the message does not repeat it (it may hold a password).</exception>
    public static StackExchange.Redis.ConfigurationOptions RedisConfiguration(string connectionString)
    {
        try
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(connectionString);
            return options.EndPoints.Count > 0
                ? options
                : throw new ConfigurationError($"{ClusterSettings.ConnectionStringKey} names no Redis server (expected host:port).");
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationError($"{ClusterSettings.ConnectionStringKey} is not a Redis configuration (expected host:port): {e.GetType().Name}.");
        }
    }

    /// <exception cref="ConfigurationError">Not an Azure Storage connection string; the message does not repeat it.</exception>
    public static TableServiceClient AzureTables(string connectionString) =>
        AzureClient(() => new TableServiceClient(connectionString));

    /// <exception cref="ConfigurationError">Not an Azure Storage connection string; the message does not repeat it.</exception>
    public static QueueServiceClient AzureQueues(string connectionString) =>
        AzureClient(() => new QueueServiceClient(connectionString));

    private static T AzureClient<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ConfigurationError($"{ClusterSettings.ConnectionStringKey} is not an Azure Storage connection string (e.g. UseDevelopmentStorage=true): {e.GetType().Name}.");
        }
    }

    /// <summary>A silo listening on every interface must be told which address to give out; a specific one is given as is.</summary>
    private static IPAddress? Advertised(IPAddress listening) =>
        listening.Equals(IPAddress.Any) || listening.Equals(IPAddress.IPv6Any) ? null : listening;
}
