using System.Diagnostics;
using ChatDb.Client;
using ChatDb.Grains.Models;
using ChatDb.Silo.Tests;

namespace ChatDb.Cluster.Tests;

/// <summary>
/// A silo stopped with SIGTERM while clients follow event streams: the streams end at once (the clients reconnect to
/// another silo with Last-Event-ID) instead of holding the stop until the host's 30 s shutdown timeout, which made a
/// rolling restart wait half a minute per silo (docs/CLUSTER.md, "Rolling restart").
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GracefulStopTests
{
    /// <summary>Well under the host's shutdown timeout (30 s), which an open stream used to run out.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sigterm_WithEventStreamsOpen_EndsTheStreams_AndTheSiloExitsCleanly_WellBeforeTheShutdownTimeout()
    {
        var root = Path.Join(Path.GetTempPath(), "chatdb-graceful-stop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            using var silo = SiloProcess.Start(root, Path.Join(root, "data"));
            await silo.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);
            using var rest = new ChatDbRestClient(silo.HttpAddress);
            await rest.CreateUserAsync("watcher", new UserProfileInput { DisplayName = "watcher" });
            var sessions = new[] { await rest.CreateSessionAsync("watcher", "one"), await rest.CreateSessionAsync("watcher", "two") };

            using var http = new HttpClient { BaseAddress = silo.HttpAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var limit = new CancellationTokenSource(StopLimit + SiloProcess.StartTimeout);
            var readers = new List<StreamReader>();
            foreach (var session in sessions)
            {
                var response = await http.GetAsync(new Uri($"/users/watcher/sessions/{session.Id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, limit.Token);
                response.EnsureSuccessStatusCode();
                var reader = new StreamReader(await response.Content.ReadAsStreamAsync(limit.Token));
                Assert.Equal(": subscribed", await reader.ReadLineAsync(limit.Token));
                readers.Add(reader);
            }

            var clock = Stopwatch.StartNew();
            silo.Terminate();
            var code = await silo.WaitForExitAsync(StopLimit, "on SIGTERM with two event streams open");
            var exitedAfter = clock.Elapsed;

            Assert.Equal(0, code);
            Assert.True(exitedAfter < StopLimit, $"The silo took {exitedAfter.TotalSeconds:F1} s to exit.");
            foreach (var reader in readers)
            {
                // What is left of the stream (perhaps a session_created event) and then its end, not a hang.
                while (await reader.ReadLineAsync(limit.Token) is not null)
                {
                }

                reader.Dispose();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
