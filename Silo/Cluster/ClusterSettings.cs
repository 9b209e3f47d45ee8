using System.Globalization;
using System.Net;
using ChatDb.Grains.Cluster;
using ChatDb.Grains.Events;
using ChatDb.Storage;

namespace ChatDb.Silo.Cluster;

/// <summary>
/// How the silo joins its cluster (docs/CLUSTER.md): the membership provider and its connection string, the
/// address other silos and clients reach it at, how quickly a silent silo is declared dead, Kubernetes hosting,
/// and in <c>azure</c> mode the queues of the chat events. The connection string is a secret: it is read once
/// (from the setting or its file), never logged, and <see cref="ToString"/> leaves it out.
/// </summary>
public sealed record ClusterSettings
{
    public const string MembershipKey = ClusterMemberships.SettingKey;
    public const string ConnectionStringKey = "Cluster:ConnectionString";
    public const string ConnectionStringFileKey = "Cluster:ConnectionStringFile";
    public const string AdvertisedAddressKey = "Cluster:AdvertisedAddress";
    public const string ProbeTimeoutKey = "Cluster:ProbeTimeoutSeconds";
    public const string MissedProbesKey = "Cluster:MissedProbesLimit";
    public const string VotesForDeathKey = "Cluster:VotesForDeath";
    public const string KubernetesKey = "Cluster:Kubernetes";
    public const string QueueNamesKey = "Cluster:QueueNames";

    /// <summary>
    /// Chosen for chat: a killed silo is declared dead in about 3–4 s (Orleans' own defaults, 5 s × 3 probes and two
    /// votes, take about 12 s), while a probe may still take up to four times this long before it counts as
    /// missed (Orleans' adaptive <c>MaxProbeTimeout</c>), and a silo that finds itself degraded stretches it further.
    /// </summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(2);

    public const int DefaultMissedProbesLimit = 2;
    public const int DefaultVotesForDeath = 1;

    public ClusterMembership Membership { get; init; } = ClusterMembership.Localhost;

    /// <summary>Redis <c>host:port</c> (or a StackExchange.Redis configuration), or an Azure Storage connection string.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The address the silo gives other silos and clients, or null for the gateway's listening address.</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    public TimeSpan ProbeTimeout { get; init; } = DefaultProbeTimeout;

    public int MissedProbesLimit { get; init; } = DefaultMissedProbesLimit;

    public int VotesForDeath { get; init; } = DefaultVotesForDeath;

    /// <summary>Take the silo's name, address and ids from its pod (Orleans' Kubernetes hosting).</summary>
    public bool Kubernetes { get; init; }

    /// <summary>The chat events' queues in <c>azure</c> mode, or empty for <see cref="ChatEventQueues.DefaultNames"/>.</summary>
    public IReadOnlyList<string> QueueNames { get; init; } = [];

    /// <exception cref="ConfigurationError">A setting is invalid; the message names it and never repeats the connection string.</exception>
    public static ClusterSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var membershipText = configuration[MembershipKey];
        var membership = ClusterMemberships.Parse(membershipText)
            ?? throw new ConfigurationError($"{MembershipKey} must be one of {string.Join(", ", ClusterMemberships.Names)} (was '{membershipText}').");

        var connectionString = ReadConnectionString(configuration, membership);
        IPAddress? advertised = null;
        if (configuration[AdvertisedAddressKey] is { Length: > 0 } advertisedText && !IPAddress.TryParse(advertisedText, out advertised))
        {
            throw new ConfigurationError($"{AdvertisedAddressKey} (--advertised-address) must be an IP address such as 10.0.0.5 (was '{advertisedText}').");
        }

        var queues = (configuration[QueueNamesKey] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (queues.FirstOrDefault(name => !ChatEventQueues.IsValidName(name)) is { } badQueue)
        {
            throw new ConfigurationError($"{QueueNamesKey}: '{badQueue}' is not an Azure queue name (3 to 63 lower-case letters, digits and single hyphens).");
        }

        return new ClusterSettings
        {
            Membership = membership,
            ConnectionString = connectionString,
            AdvertisedAddress = advertised,
            ProbeTimeout = TimeSpan.FromSeconds(Number(configuration, ProbeTimeoutKey, DefaultProbeTimeout.TotalSeconds, 0.5, 60)),
            MissedProbesLimit = (int)Number(configuration, MissedProbesKey, DefaultMissedProbesLimit, 1, 10, whole: true),
            VotesForDeath = (int)Number(configuration, VotesForDeathKey, DefaultVotesForDeath, 1, 10, whole: true),
            Kubernetes = Flag(configuration, KubernetesKey),
            QueueNames = queues,
        };
    }

    /// <summary>The queues of the chat events for the service <paramref name="serviceId"/>.</summary>
    public IReadOnlyList<string> EventQueues(string serviceId) => QueueNames.Count > 0 ? QueueNames : ChatEventQueues.DefaultNames(serviceId);

    public override string ToString() =>
        $"membership={Membership.Name()} probe={ProbeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s missed={MissedProbesLimit} votes={VotesForDeath}";

    private static string? ReadConnectionString(IConfiguration configuration, ClusterMembership membership)
    {
        var inline = configuration[ConnectionStringKey];
        var file = configuration[ConnectionStringFileKey];
        if (!string.IsNullOrEmpty(inline) && !string.IsNullOrEmpty(file))
        {
            throw new ConfigurationError($"Set {ConnectionStringKey} or {ConnectionStringFileKey}, not both.");
        }

        var value = string.IsNullOrEmpty(file) ? inline : ReadFile(file);
        if (!membership.NeedsConnectionString())
        {
            return string.IsNullOrEmpty(value)
                ? null
                : throw new ConfigurationError($"{ConnectionStringKey} is set but {MembershipKey} is '{membership.Name()}', which uses none; set {MembershipKey} to redis or azure.");
        }

        return string.IsNullOrWhiteSpace(value)
            ? throw new ConfigurationError($"{ConnectionStringKey} (or {ConnectionStringFileKey}) is required for {MembershipKey} '{membership.Name()}'"
                + (membership == ClusterMembership.Redis ? " (host:port of the Redis server)." : " (an Azure Storage connection string, e.g. UseDevelopmentStorage=true)."))
            : value.Trim();
    }

    /// <summary>Reads the connection string file once; errors name the setting, never the file's content.</summary>
    private static string ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = error is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : "cannot be read";
            throw new ConfigurationError($"{ConnectionStringFileKey} names a file that {why} ({error.GetType().Name}).");
        }

        return text.Length > 0 ? text : throw new ConfigurationError($"{ConnectionStringFileKey} names an empty file.");
    }

    private static double Number(IConfiguration configuration, string key, double fallback, double min, double max, bool whole = false)
    {
        var text = configuration[key];
        if (text is null)
        {
            return fallback;
        }

        var styles = whole ? NumberStyles.None : NumberStyles.AllowDecimalPoint;
        if (!double.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            var kind = whole ? "a whole number" : "a number";
            throw new ConfigurationError($"{key} must be {kind} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (was '{text}').");
        }

        return value;
    }

    private static bool Flag(IConfiguration configuration, string key) => configuration[key] switch
    {
        null or "" => false,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new ConfigurationError($"{key} must be true or false (was '{text}')."),
    };
}
