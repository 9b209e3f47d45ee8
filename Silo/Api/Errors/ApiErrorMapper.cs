using ChatDb.Storage;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Silo.Api.Errors;

/// <summary>
/// Translates the storage error hierarchy (and the few framework exceptions a request can cause) into
/// a status code and an <see cref="ApiError"/>. Unknown exceptions become a 500 whose message says
/// nothing about the code: stack traces and internal messages stay in the silo's log.
/// </summary>
internal static class ApiErrorMapper
{
    public const string InternalErrorMessage = "The silo failed to process the request; the failure is in its log.";

    public const string UnavailableMessage = "A silo of the cluster became unavailable while handling the request (it stopped or is being replaced); "
        + "retry it shortly (an add with the same message id is stored once).";

    /// <summary>The response for <paramref name="error"/> and whether it is a server fault worth logging.</summary>
    public static (int Status, ApiError Body, bool IsServerFault) Map(Exception error) => error switch
    {
        UnsupportedMediaTypeError e => (StatusCodes.Status415UnsupportedMediaType, new(ApiErrorKinds.UnsupportedMediaType, e.Message), false),
        ValidationError e => (StatusCodes.Status400BadRequest, new(ApiErrorKinds.Validation, e.Message), false),
        NotFoundError e => (StatusCodes.Status404NotFound, new(ApiErrorKinds.NotFound, e.Message), false),
        StorageLimitExceeded e => (StatusCodes.Status413PayloadTooLarge, new(ApiErrorKinds.LimitExceeded, e.Message), false),
        PreconditionFailedError e => (StatusCodes.Status412PreconditionFailed, new(ApiErrorKinds.PreconditionFailed, e.Message), false),
        EntityConflictError e => (StatusCodes.Status409Conflict, new(ApiErrorKinds.Conflict, e.Message), false),
        InconsistentStateException e => (StatusCodes.Status409Conflict, new(ApiErrorKinds.Conflict, e.Message), false),
        IntegrityError e => (StatusCodes.Status500InternalServerError, new(ApiErrorKinds.Integrity, e.Message), true),
        StorageError e => (StatusCodes.Status500InternalServerError, new(ApiErrorKinds.Storage, e.Message), true),
        TimeoutException e => (StatusCodes.Status504GatewayTimeout, new(ApiErrorKinds.Timeout, e.Message), true),

        // The silo holding the grain (or the stream's rendezvous) stopped or died during the call: a cluster event the
        // caller gets over by retrying, once membership has moved the grain (docs/CLUSTER.md). Orleans' message names
        // internal addresses, so the client gets ChatDb's own.
        OrleansMessageRejectionException => (StatusCodes.Status503ServiceUnavailable, new(ApiErrorKinds.Unavailable, UnavailableMessage), false),

        // The route or grain belongs to a module switched off in this deployment (docs/MODULES.md).
        ChatDb.Grains.Modules.ModuleDisabledError e => (StatusCodes.Status404NotFound, new(ApiErrorKinds.ModuleDisabled, e.Message), false),

        // The extraction model failed or answered nothing usable; the message is ChatDb's own and names the model.
        ChatDb.Grains.Models.MemoryExtractionError e => (StatusCodes.Status502BadGateway, new(ApiErrorKinds.ModelFailed, e.Message), false),

        // Orleans' state bridge wraps what a storage provider throws, unless it is an OrleansException, in a plain one.
        OrleansException { InnerException: TimeoutException e } => (StatusCodes.Status504GatewayTimeout, new(ApiErrorKinds.Timeout, e.Message), true),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge,
            new(ApiErrorKinds.LimitExceeded, "The request body is larger than this route accepts."), false),
        BadHttpRequestException e => (StatusCodes.Status400BadRequest, new(ApiErrorKinds.Validation, e.Message), false),
        JsonException e => (StatusCodes.Status400BadRequest, new(ApiErrorKinds.Validation, "The request body is not valid JSON: " + e.Message), false),
        ArgumentException e => (StatusCodes.Status400BadRequest, new(ApiErrorKinds.Validation, e.Message), false),
        _ => (StatusCodes.Status500InternalServerError, new(ApiErrorKinds.Storage, InternalErrorMessage), true),
    };
}
