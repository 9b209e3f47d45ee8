using ChatDb.Silo.Api.Http;

namespace ChatDb.Silo.Api.Errors;

/// <summary>
/// Wraps every API handler: an exception (from the grains, from reading the body) becomes the API's
/// error response. Server faults are logged with their stack trace; the client sees only the message.
/// </summary>
internal sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
            return Results.Empty;
        }
        catch (Exception error) when (context.HttpContext.Response.HasStarted)
        {
            // Too late for an error body (an event stream, a download): cut the connection so the client
            // sees a broken response rather than a complete one.
            var request = context.HttpContext.Request;
            ApiLog.RequestFailed(logger, error, request.Method, request.Path, context.HttpContext.Response.StatusCode, "response-aborted");
            context.HttpContext.Abort();
            return Results.Empty;
        }
        catch (Exception error)
        {
            var (status, body, isServerFault) = ApiErrorMapper.Map(error);
            var request = context.HttpContext.Request;
            if (isServerFault)
            {
                ApiLog.RequestFailed(logger, error, request.Method, request.Path, status, body.Error);
            }
            else
            {
                ApiLog.RequestRejected(logger, request.Method, request.Path, status, body.Error, body.Message);
            }

            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                // Membership moves the grain within seconds (docs/CLUSTER.md, Failover).
                context.HttpContext.Response.Headers.RetryAfter = "1";
            }

            return ApiResults.Error(status, body);
        }
    }
}
