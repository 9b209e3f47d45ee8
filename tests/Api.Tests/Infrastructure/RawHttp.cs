using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// Sends a request with exactly the given request target. <see cref="Uri"/> decodes <c>%2e%2e</c> and
/// removes dot segments before HttpClient sends anything, so the attacks that matter for the server
/// would never reach it: such targets go over a plain socket; the others through a pooled HttpClient
/// (after checking the target survives <see cref="Uri"/> unchanged), which is much faster.
/// </summary>
internal static class RawHttp
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Sends the request, with <paramref name="headers"/> (e.g. <c>Authorization</c>) when given.</summary>
    public static async Task<RawResponse> SendAsync(Uri server, string method, string rawTarget, string? jsonBody = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var uri = new Uri(server, rawTarget);
        if (uri.PathAndQuery != rawTarget)
        {
            return await SendOverSocketAsync(server, method, rawTarget, jsonBody, headers);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // An event stream that was let through never ends: its status and headers are the answer.
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? string.Empty : await response.Content.ReadAsStringAsync();
        return new RawResponse((int)response.StatusCode, body, rawTarget, string.Join(", ", response.Headers.WwwAuthenticate));
    }

    /// <summary>Sends <paramref name="request"/> byte for byte (request line and headers included) and reads the answer.</summary>
    public static async Task<RawResponse> SendBytesAsync(Uri server, byte[] request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        return await ReadResponseAsync(stream, "(raw bytes)", timeout.Token);
    }

    private static async Task<RawResponse> SendOverSocketAsync(Uri server, string method, string rawTarget, string? jsonBody, IReadOnlyDictionary<string, string>? headers)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var stream = client.GetStream();

        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {rawTarget} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\n")
            .Append("Connection: close\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (jsonBody is not null)
        {
            head.Append("Content-Type: application/json\r\n");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);
        await stream.WriteAsync(body, timeout.Token);

        return await ReadResponseAsync(stream, rawTarget, timeout.Token);
    }

    private static async Task<RawResponse> ReadResponseAsync(Stream stream, string rawTarget, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellationToken);
        var statusLine = response.AsSpan(0, response.IndexOf('\r', StringComparison.Ordinal)).ToString();
        var status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return new RawResponse(status, bodyStart < 0 ? string.Empty : response[(bodyStart + 4)..], rawTarget);
    }
}

internal sealed record RawResponse(int Status, string Body, string Target, string WwwAuthenticate = "");
