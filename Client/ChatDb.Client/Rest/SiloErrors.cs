using System.Net;
using System.Text.Json;
using Orleans.Storage;
using ChatDb.Storage;

namespace ChatDb.Client;

/// <summary>
/// Turns a REST error response back into the exception the cluster client would have thrown, by the
/// body's <c>error</c> kind (docs/API.md, Errors), so callers handle one set of types whichever door they use.
/// </summary>
public static class SiloErrors
{
    /// <summary>The <c>message</c> of an API error body, or the body itself when it is not one.</summary>
    public static string MessageOf(string body) => Read(body)?.Message ?? body;

    /// <summary>The exception for an unsuccessful response to <paramref name="request"/> (e.g. "GET /users/alice").</summary>
    public static Exception FromResponse(HttpStatusCode status, string? reason, string body, string request)
    {
        var error = Read(body);
        var message = error?.Message ?? $"{request} answered {(int)status} {reason}{(body.Length > 0 ? ": " + body : string.Empty)}";
        return (error?.Error, status) switch
        {
            ("validation" or "unsupported_media_type", _) => new ValidationError(message),
            ("not_found", _) => new NotFoundError(message),
            ("limit_exceeded", _) => new StorageLimitExceeded(message),
            ("precondition_failed", _) => new PreconditionFailedError(message),
            ("conflict", _) => new InconsistentStateException(message),
            ("integrity", _) => new IntegrityError(message),
            ("timeout", _) => new TimeoutException(message),
            ("unavailable", _) => new Orleans.Runtime.SiloUnavailableException(message),
            ("model_failed", _) => new ChatDb.Grains.Models.MemoryExtractionError(message),
            ("module_disabled", _) => new ChatDb.Grains.Modules.ModuleDisabledError(message),
            (_, HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) => new UnauthorizedAccessException(message),
            _ => new StorageError(message),
        };
    }

    /// <summary>Whether <paramref name="body"/> is the API's own "not found" (a missing route answers 404 without one).</summary>
    internal static bool IsNotFound(string body) => Read(body)?.Error == "not_found";

    private static ApiErrorBody? Read(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, RestJsonContext.Default.ApiErrorBody) is { Error: not null } error ? error : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
