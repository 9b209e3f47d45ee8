using System.Security.Claims;
using System.Text.Encodings.Web;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChatDb.Silo.Auth;

/// <summary>
/// Reads the API key from <c>Authorization: Bearer &lt;key&gt;</c>, <c>X-Api-Key: &lt;key&gt;</c> or, for browsers
/// (which cannot add a header to a page load), <c>Authorization: Basic</c> with the key as the password and any
/// user name, and finds it in the <see cref="ApiKeyRing"/>. Answers 401 (with <c>WWW-Authenticate: Bearer</c>) and 403 with the API's
/// JSON error body. Logs name the key, never show it.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ChatDbApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string ScopeClaim = "chatdb:scope";

    /// <summary>The <see cref="ApiKey"/> a request authenticated with, in <c>HttpContext.Items</c> (the rate limit and the audit log read it).</summary>
    public const string KeyItem = "ChatDb.Auth.Key";

    private const string BearerPrefix = "Bearer ";
    private const string BasicPrefix = "Basic ";
    private const string PresentedKeyItem = "ChatDb.Auth.PresentedKey";

    private readonly ILogger _auditLog = loggerFactory.CreateLogger("ChatDb.Silo.Auth");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsEmpty)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = PresentedKeys(Request).Distinct(StringComparer.Ordinal).ToList();
        if (presented.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Context.Items[PresentedKeyItem] = true;
        if (presented.Count > 1)
        {
            AuthLog.ConflictingKeys(_auditLog, Request.Method, Request.Path, RemoteAddress);
            return Task.FromResult(AuthenticateResult.Fail("two different API keys were presented"));
        }

        if (keys.Find(presented[0]) is not { } key)
        {
            AuthLog.UnknownKey(_auditLog, Request.Method, Request.Path, RemoteAddress);
            return Task.FromResult(AuthenticateResult.Fail("the API key is not one this silo accepts"));
        }

        AuthLog.Authenticated(_auditLog, key.Name, key.Scope.ToString(), Request.Method, Request.Path);
        Context.Items[KeyItem] = key;
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ScopeClaim, key.Scope.ToString())],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        string message;
        if (keys.IsEmpty)
        {
            message = $"This silo has no API keys ({ChatDbAuthOptions.SectionName}:{nameof(ChatDbAuthOptions.ApiKeys)}) and answers loopback connections only.";
            Response.Headers.WWWAuthenticate = "Bearer realm=\"chatdb\"";
        }
        else if (Context.Items.ContainsKey(PresentedKeyItem))
        {
            message = "The API key is not valid for this silo (or two different keys were sent).";
            Response.Headers.WWWAuthenticate = "Bearer realm=\"chatdb\", error=\"invalid_token\"";
        }
        else
        {
            message = $"An API key is required: send 'Authorization: Bearer <key>' or '{ApiKeyHeader}: <key>'.";
            Response.Headers.WWWAuthenticate = "Bearer realm=\"chatdb\"";
        }

        if (Request.Path.StartsWithSegments(SiloApplication.DashboardPath, StringComparison.OrdinalIgnoreCase))
        {
            // Makes a browser ask for a user name and password: the password is the admin API key.
            Response.Headers.Append("WWW-Authenticate", "Basic realm=\"chatdb\", charset=\"UTF-8\"");
        }

        return ApiResults.Error(StatusCodes.Status401Unauthorized, new ApiError(ApiErrorKinds.Unauthorized, message)).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var name = Context.User.Identity?.Name ?? "(unnamed)";
        var scope = Context.User.FindFirst(ScopeClaim)?.Value ?? "(none)";
        var userRoute = Context.GetEndpoint()?.Metadata.GetMetadata<UserScopedRoute>() is not null;
        var reason = userRoute
            ? $"a key with scope {scope} reaches only that user's routes"
            : "this route needs a key with scope admin";
        AuthLog.Forbidden(_auditLog, name, scope, Request.Method, Request.Path);
        var error = new ApiError(ApiErrorKinds.Forbidden, $"API key '{name}' may not {Request.Method} {Request.Path}: {reason}.");
        return ApiResults.Error(StatusCodes.Status403Forbidden, error).ExecuteAsync(Context);
    }

    private static string BasicPassword(string credential)
    {
        var bytes = new byte[credential.Length];
        if (!Convert.TryFromBase64String(credential, bytes, out var written))
        {
            return string.Empty;
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? string.Empty : text[(colon + 1)..].Trim();
    }

    private string RemoteAddress => Context.Connection.RemoteIpAddress?.ToString() ?? "(local)";

    private static IEnumerable<string> PresentedKeys(HttpRequest request)
    {
        foreach (var value in request.Headers.Authorization)
        {
            if (value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                yield return value[BearerPrefix.Length..].Trim();
            }
            else if (value is not null && value.StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase))
            {
                // A credential that is not base64 or has no ':' presents an empty key, which no ring holds: 401.
                yield return BasicPassword(value[BasicPrefix.Length..].Trim());
            }
        }

        foreach (var value in request.Headers[ApiKeyHeader])
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return value.Trim();
            }
        }
    }
}
