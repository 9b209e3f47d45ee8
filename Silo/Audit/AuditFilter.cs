using ChatDb.Storage;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Auth;
using ChatDb.Storage.Flatfile.Audit;

namespace ChatDb.Silo.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every REST delete, purge, redaction and restore, after the operation and
/// before its response: the filter runs inside the rate limit and outside the error mapping, so it sees the status
/// the client will get. A 400 (a malformed request, which reached nothing) is not recorded. When the line cannot be written the client gets 500 saying so (the operation itself was done).
/// </summary>
internal sealed class AuditFilter(AuditTrail trail, ILogger<AuditFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!trail.IsAvailable || ActionOf(http) is not { } action)
        {
            return await next(context).ConfigureAwait(false);
        }

        var result = await next(context).ConfigureAwait(false);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        if (status == StatusCodes.Status400BadRequest)
        {
            // A malformed request (a bad id, a bad flag) reached nothing; its ids may be hostile text, kept out of the log.
            return result;
        }

        var entry = new AuditEntry
        {
            At = trail.Clock.GetUtcNow(),
            Actor = ActorOf(http),
            Action = action,
            Operation = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Method,
            Method = http.Request.Method,
            Path = http.Request.Path,
            Ids = http.Request.RouteValues.Where(v => v.Value is string).ToDictionary(v => v.Key, v => (string)v.Value!, StringComparer.Ordinal),
            Status = status,
            Outcome = status < 400 ? "ok" : status < 500 ? "refused" : "failed",
        };
        try
        {
            await trail.RecordAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StorageError)
        {
            AuditLog.RecordFailed(logger, e, entry.Action, entry.Path ?? string.Empty, status);
            return ApiResults.Error(StatusCodes.Status500InternalServerError, new ApiError(ApiErrorKinds.Storage,
                $"{entry.Method} {entry.Path} answered {status}, but its audit record could not be written; see the silo's log."));
        }

        return result;
    }

    /// <summary>The audited action of the request, or null for one that is not audited.</summary>
    internal static string? ActionOf(HttpContext http)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? string.Empty;
        if (HttpMethods.IsDelete(method))
        {
            // Read leniently: a malformed flag is the route's 400 to answer, not this filter's.
            return bool.TryParse(http.Request.Query["purge"].ToString(), out var purge) && purge ? AuditActions.Purge : AuditActions.Delete;
        }

        if (HttpMethods.IsPost(method) && path.EndsWith("/restore", StringComparison.Ordinal))
        {
            return AuditActions.Restore;
        }

        return HttpMethods.IsPost(method) && path.EndsWith("/redact", StringComparison.Ordinal) ? AuditActions.Redact : null;
    }

    internal static string ActorOf(HttpContext http) =>
        http.Items[ApiKeyAuthenticationHandler.KeyItem] is ApiKey key ? "key:" + key.Name : "anonymous";
}
