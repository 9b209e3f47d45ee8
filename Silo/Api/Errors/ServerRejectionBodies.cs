using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatDb.Silo.Api.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChatDb.Silo.Api.Errors;

/// <summary>
/// Gives the API's <c>{error, message}</c> body to the answers the server writes before any of our code runs:
/// Kestrel refuses a malformed request line (a NUL or control character in the path: 400), a request target over
/// <c>Limits.MaxRequestLineSize</c> (414), headers over <c>Limits.MaxRequestHeadersTotalSize</c> or
/// <c>MaxRequestHeaderCount</c> (431), a client too slow to send its headers (408) or an unknown HTTP version (505)
/// with an empty body and <c>Connection: close</c>. Such an answer is recognised as the last bytes the server sends on
/// the connection: a complete HTTP/1.1 head with <c>Content-Length: 0</c> and <c>Connection: close</c>, and a body
/// is put in. (Responses the API itself writes always have a body, so none of them is touched.)
/// </summary>
internal sealed class ServerRejectionBodies(KestrelServerLimits limits)
{
    /// <summary>Longer than any head Kestrel writes for a rejection (status line, Content-Length, Connection, Date, Server).</summary>
    private const int MaxHeadBytes = 512;

    private const string EmptyBody = "\r\nContent-Length: 0\r\n";

    private ApiError? ErrorFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => new(ApiErrorKinds.Validation,
            "The server refused the request before routing it: its request line or headers are malformed (for example a NUL or another control character in the path)."),
        StatusCodes.Status408RequestTimeout => new(ApiErrorKinds.Timeout, string.Create(CultureInfo.InvariantCulture,
            $"The request headers did not arrive within {limits.RequestHeadersTimeout.TotalSeconds} s (Kestrel Limits.RequestHeadersTimeout).")),
        StatusCodes.Status414UriTooLong => new(ApiErrorKinds.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
            $"The request line (method, path and query string) is longer than the server accepts, Kestrel Limits.MaxRequestLineSize = {limits.MaxRequestLineSize} bytes.")),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => new(ApiErrorKinds.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
            $"The request headers are larger than the server accepts, Kestrel Limits.MaxRequestHeadersTotalSize = {limits.MaxRequestHeadersTotalSize} bytes and MaxRequestHeaderCount = {limits.MaxRequestHeaderCount}.")),
        StatusCodes.Status505HttpVersionNotsupported => new(ApiErrorKinds.Validation,
            "The request's HTTP version is not one the server speaks (HTTP/1.0, 1.1 and 2 are)."),
        _ => null,
    };

    /// <summary>
    /// When <paramref name="output"/> ends with a bodiless rejection, the bytes to send instead (what came before
    /// it, the head with the body's length and type, the body); otherwise null.
    /// </summary>
    public byte[]? Rewrite(ReadOnlySequence<byte> output)
    {
        var tailLength = (int)Math.Min(output.Length, MaxHeadBytes);
        var tail = Encoding.Latin1.GetString(output.Slice(output.Length - tailLength).ToArray());
        var start = tail.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal);
        if (start < 0 || !tail.EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            return null;
        }

        // One complete head that ends the output, says it has no body and closes the connection.
        var head = tail[start..];
        if (head.IndexOf("\r\n\r\n", StringComparison.Ordinal) != head.Length - 4
            || !head.Contains(EmptyBody, StringComparison.OrdinalIgnoreCase)
            || !head.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(head.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || ErrorFor(status) is not { } error)
        {
            return null;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(error, ApiJsonContext.Default.ApiError);
        var rewritten = head[..^2].Replace(EmptyBody,
            string.Create(CultureInfo.InvariantCulture, $"\r\nContent-Length: {body.Length}\r\nContent-Type: {ApiContentTypes.Json}; charset=utf-8\r\n"),
            StringComparison.OrdinalIgnoreCase) + "\r\n";
        var before = output.Slice(0, output.Length - tailLength + start).ToArray();
        return [.. before, .. Encoding.Latin1.GetBytes(rewritten), .. body];
    }
}
