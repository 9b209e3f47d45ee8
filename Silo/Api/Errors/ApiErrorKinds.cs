namespace ChatDb.Silo.Api.Errors;

/// <summary>The stable <c>error</c> values of <see cref="ApiError"/>.</summary>
public static class ApiErrorKinds
{
    public const string Validation = "validation";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string LimitExceeded = "limit_exceeded";
    public const string RateLimited = "rate_limited";
    public const string PreconditionFailed = "precondition_failed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Integrity = "integrity";
    public const string Storage = "storage";
    public const string Timeout = "timeout";
    public const string Unavailable = "unavailable";
    public const string ModelFailed = "model_failed";
    public const string ModuleDisabled = "module_disabled";
}
