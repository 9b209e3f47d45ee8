using System.Text;
using System.Text.Json;

namespace ChatDb.Benchmarks.Engines;

/// <summary>Requests of the REST scenarios, the same for ChatDb's door and a peer's (<see cref="Peers.PeerRestServer"/>).</summary>
public static class JsonRequest
{
    /// <summary>
    /// One request with a body of raw bytes of <paramref name="contentType"/>, its response read to the end; a status other
    /// than 2xx throws with the response body. Returns the response's bytes.
    /// </summary>
    public static async Task<byte[]> SendAsync(
        HttpClient http, HttpMethod method, string path, byte[]? body, string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? bytes
            : throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
    }

    /// <summary>The same with <paramref name="body"/> as JSON (none when null).</summary>
    public static Task<byte[]> SendAsync(HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(http, method, path, body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body), "application/json", cancellationToken);

    /// <summary>An <see cref="HttpClient"/> to <paramref name="address"/> that keeps up to <paramref name="connections"/> connections open.</summary>
    public static HttpClient Client(Uri address, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
}
