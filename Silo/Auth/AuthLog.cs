namespace ChatDb.Silo.Auth;

/// <summary>Log messages of authentication and authorization (event ids 4100-4149). Keys and secrets never appear; key names do.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "{Method} {Path} authenticated with API key '{KeyName}' ({Scope})")]
    public static partial void Authenticated(ILogger logger, string keyName, string scope, string method, string path);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "{Method} {Path} from {RemoteAddress} presented an unknown API key")]
    public static partial void UnknownKey(ILogger logger, string method, string path, string remoteAddress);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "{Method} {Path} from {RemoteAddress} presented two different API keys")]
    public static partial void ConflictingKeys(ILogger logger, string method, string path, string remoteAddress);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "API key '{KeyName}' ({Scope}) was refused {Method} {Path}")]
    public static partial void Forbidden(ILogger logger, string keyName, string scope, string method, string path);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "{Method} {Path} from {RemoteAddress} refused: no API keys are configured, so only loopback connections are served")]
    public static partial void NonLoopbackWithoutKeys(ILogger logger, string method, string path, string remoteAddress);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "REST API requires API keys: {KeyCount} configured")]
    public static partial void KeysConfigured(ILogger logger, int keyCount);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "REST API has no API keys (Auth:ApiKeys): it answers loopback connections only")]
    public static partial void NoKeysConfigured(ILogger logger);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "API keys reloaded from {File}: {Current} current; added [{Added}]; removed [{Removed}], valid for {GraceSeconds} s more")]
    public static partial void KeysReloaded(ILogger logger, string file, int current, string added, string removed, int graceSeconds);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Debug, Message = "{Who} over its rate limit: {Method} {Path} answered 429, retry after {RetryAfterSeconds} s")]
    public static partial void RateLimited(ILogger logger, string who, string method, string path, int retryAfterSeconds);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Error, Message = "API keys file {File} not applied, the keys in use stay: {Reason}")]
    public static partial void KeysFileRefused(ILogger logger, string file, string reason);
}
