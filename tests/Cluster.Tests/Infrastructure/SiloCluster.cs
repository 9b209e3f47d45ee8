using System.Net;
using System.Net.Http.Json;
using ChatDb.Silo.Tests;

namespace ChatDb.Cluster.Tests.Infrastructure;

/// <summary>
/// Several real silo processes (<c>dotnet ChatDb.Silo.dll</c>) of one cluster: the same cluster id (unique per
/// test), the same membership settings, each on ports and a data directory of its own (the silos share no chat
/// data here: these tests are about membership, discovery and streams). Disposing stops every silo by id and
/// deletes the directories; the membership server is the caller's, and outlives the silos.
/// </summary>
public sealed class SiloCluster : IDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-cluster-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<SiloProcess> _silos = [];

    private SiloCluster(string clusterId) => ClusterId = clusterId;

    public string ClusterId { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Starts <paramref name="count"/> silos with <paramref name="membership"/> arguments and waits until each says ready on <c>/health</c>.</summary>
    public static async Task<SiloCluster> StartAsync(int count, IReadOnlyList<string> membership)
    {
        var cluster = new SiloCluster("cluster-tests-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var data = Path.Join(cluster._root, $"silo{i}");
                Directory.CreateDirectory(data);
                cluster._silos.Add(SiloProcess.Start(cluster._root, data, arguments:
                    [.. membership, "--cluster-id", cluster.ClusterId, "--service-id", cluster.ClusterId]));
            }

            foreach (var silo in cluster._silos)
            {
                await silo.WaitForLineAsync("ChatDb silo ready", ReadyTimeout);
                await WaitForHealthAsync(silo, "ready", ReadyTimeout);
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary><c>GET /cluster</c> on <paramref name="silo"/> (loopback needs no key when none is configured).</summary>
    public static async Task<List<ClusterSiloView>> ListAsync(SiloProcess silo)
    {
        using var http = new HttpClient { BaseAddress = silo.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetFromJsonAsync<List<ClusterSiloView>>(new Uri("/cluster", UriKind.Relative)) ?? [];
    }

    public static async Task<(HttpStatusCode Status, string Body)> HealthAsync(SiloProcess silo)
    {
        using var http = new HttpClient { BaseAddress = silo.HttpAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Polls <c>/health</c> until it answers 200 with <paramref name="status"/>; the timeout message names the last answer and shows the output.</summary>
    public static async Task WaitForHealthAsync(SiloProcess silo, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var (code, body) = await HealthAsync(silo);
                last = $"{(int)code} {body}";
                if (code == HttpStatusCode.OK && body.Contains($"\"{status}\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Refused while the silo is still starting, or slow to answer on a busy machine: ask again.
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"/health of the silo on port {silo.HttpPort} did not say {status} within {timeout.TotalSeconds} s (last: {last}). Output:\n{silo.Output}");
    }
}

/// <summary>A silo as <c>GET /cluster</c> lists it.</summary>
public sealed record ClusterSiloView(string Address, string Name, string HostName, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt, int GatewayPort, bool ThisSilo);
