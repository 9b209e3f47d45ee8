using ChatDb.Silo.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// The ways to present an API key (docs/SECURITY.md), as OpenAPI security schemes: <c>Authorization: Bearer</c>,
/// <c>X-Api-Key</c>, and <c>Authorization: Basic</c> with the key as password (for browsers). Any one of them will do.
/// </summary>
internal static class ApiSecuritySchemes
{
    public const string Bearer = "bearer";
    public const string ApiKeyHeader = "apiKey";
    public const string Basic = "basic";

    public static void AddTo(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Authorization: Bearer <key>, a key of Auth:ApiKeys (admin, or user:{userId} for that user's routes).",
        };
        document.Components.SecuritySchemes[ApiKeyHeader] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.ApiKeyHeader,
            Description = "The same key in the X-Api-Key header.",
        };
        document.Components.SecuritySchemes[Basic] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "For browsers: any user name, the key as the password.",
        };
    }

    /// <summary>No requirement for anonymous routes; otherwise any one of the schemes.</summary>
    public static List<OpenApiSecurityRequirement> For(IEnumerable<object> endpointMetadata, OpenApiDocument? document)
    {
        var metadata = endpointMetadata.ToList();
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
        {
            return [];
        }

        return [.. new[] { Bearer, ApiKeyHeader, Basic }.Select(scheme =>
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] })];
    }
}
