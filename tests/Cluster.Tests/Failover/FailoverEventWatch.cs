using System.Diagnostics;

namespace ChatDb.Cluster.Tests.Failover;

/// <summary>
/// One server-sent event connection per session to one silo (<c>GET /users/{u}/sessions/{s}/events</c>), noting on
/// the run's clock when each event arrived, so the harness can tell whether a session kept delivering after its
/// grain moved to another silo.
/// </summary>
internal sealed class FailoverEventWatch(Uri silo, string userId, IEnumerable<string> sessionIds, Stopwatch clock) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = silo, Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, List<TimeSpan>> _arrivals = sessionIds.ToDictionary(id => id, _ => new List<TimeSpan>(), StringComparer.Ordinal);

    public Task StartAsync() => Task.WhenAll(_arrivals.Keys.Select(FollowAsync));

    /// <summary>Why connections ended before the watch was stopped (an error, the silo closing it); each was reconnected.</summary>
    public List<string> Ended { get; } = [];

    public bool ReceivedAfter(string sessionId, TimeSpan since)
    {
        var arrivals = _arrivals[sessionId];
        lock (arrivals)
        {
            return arrivals.Count > 0 && arrivals[^1] >= since;
        }
    }

    /// <summary>Follows one session, reconnecting with <c>Last-Event-ID</c> after a failed or ended connection, as a browser's EventSource does.</summary>
    private async Task FollowAsync(string sessionId)
    {
        string? lastId = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/users/{userId}/sessions/{sessionId}/events", UriKind.Relative));
                if (lastId is not null)
                {
                    request.Headers.Add("Last-Event-ID", lastId);
                }

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(_stop.Token)}");
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        lastId = line[4..];
                    }
                    else if (line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        var arrivals = _arrivals[sessionId];
                        lock (arrivals)
                        {
                            arrivals.Add(clock.Elapsed);
                        }
                    }
                }

                Note($"session {sessionId}: the silo ended the stream at {clock.Elapsed.TotalSeconds:F1} s; reconnecting");
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Note($"session {sessionId}: {e.GetType().Name} {e.Message} at {clock.Elapsed.TotalSeconds:F1} s; reconnecting");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Note(string what)
    {
        lock (Ended)
        {
            Ended.Add(what);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _http.Dispose();
    }
}
