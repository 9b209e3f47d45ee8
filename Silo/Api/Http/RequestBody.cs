using ChatDb.Storage;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Silo.Api.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace ChatDb.Silo.Api.Http;

/// <summary>
/// Reads request bodies under a per-route size limit: a declared Content-Length over the limit is refused
/// before anything is read, a longer body is cut off while it streams in. Malformed JSON, a missing body
/// and a wrong content type become <see cref="ValidationError"/>s (400) or 415, never a framework page; so does a
/// field the route's contract does not have (<see cref="StrictJson"/>).
/// </summary>
internal static class RequestBody
{
    /// <summary>Reads a required JSON body.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, BodyLimit limit, string subject)
        where T : class =>
        await ReadOptionalJsonAsync(context, typeInfo, limit, subject).ConfigureAwait(false)
        ?? throw new ValidationError($"{subject}: the request needs a JSON body (rule: body-required).");

    /// <summary>Reads a JSON body, or returns null when the request has none.</summary>
    public static async Task<T?> ReadOptionalJsonAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, BodyLimit limit, string subject)
        where T : class
    {
        var request = context.Request;
        if (!HasBody(request))
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw new UnsupportedMediaTypeError(
                $"{subject}: the body must be JSON (Content-Type: application/json), not {request.ContentType ?? "a body without a content type"}.");
        }

        var body = Open(context, limit, subject);
        try
        {
            return await JsonSerializer.DeserializeAsync(body, StrictJson.For(typeInfo), context.RequestAborted).ConfigureAwait(false)
                ?? throw new ValidationError($"{subject}: the JSON body is null (rule: body-required).");
        }
        catch (JsonException error) when (StrictJson.UnknownField(error) is { } field)
        {
            throw new ValidationError($"{subject}: the body has a field this route does not take: {field} (rule: no-unknown-fields).", error);
        }
        catch (JsonException error)
        {
            throw new ValidationError($"{subject}: the request body is not valid JSON for this route: {error.Message}", error);
        }
    }

    /// <summary>Reads the raw bytes of the body (an empty array when there is none).</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpContext context, BodyLimit limit, string subject)
    {
        var body = Open(context, limit, subject);
        if (context.Request.ContentLength is { } length)
        {
            var content = new byte[length];
            await body.ReadExactlyAsync(content, context.RequestAborted).ConfigureAwait(false);
            return content;
        }

        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static LimitedReadStream Open(HttpContext context, BodyLimit limit, string subject)
    {
        if (context.Request.ContentLength is { } declared && declared > limit.Bytes)
        {
            throw new StorageLimitExceeded(limit.Name, limit.Bytes, declared, $"{subject}: request body size in bytes");
        }

        // Raise or lower the server's own limit to the route's (Kestrel's default is 30 MB for every route).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit.Bytes;
        }

        return new LimitedReadStream(context.Request.Body, limit.Bytes, limit.Name, $"{subject}: request body size in bytes");
    }
}
