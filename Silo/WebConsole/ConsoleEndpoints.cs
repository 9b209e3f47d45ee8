using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;

namespace ChatDb.Silo.WebConsole;

/// <summary>
/// ChatDb's web console at <c>/console/</c> (docs/CONSOLE.md): plain HTML, CSS and JavaScript built into the silo
/// assembly as resources, served without a key. The page holds no data of its own: it asks for an API key and
/// speaks the public REST API with it, so a key sees in the console exactly what it may read through the API.
/// A strict content security policy (scripts and styles from the console's own files only, no inline code)
/// stands behind the console's rule of rendering every value as text.
/// </summary>
public static class ConsoleEndpoints
{
    public const string Path = "/console";

    private const string ResourcePrefix = "console/";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
        + "frame-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps <c>GET /console</c> (a redirect to <c>/console/</c>) and the console's files under it.</summary>
    public static IEndpointRouteBuilder MapChatDbConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var files = LoadFiles();
        // Routing matches "/console/" to this template too: only the bare path redirects, so relative links resolve under the folder.
        endpoints.MapGet(Path, (HttpContext context) => context.Request.Path.Value?.EndsWith('/') == true
            ? Serve(files, null, context)
            : Results.Redirect(Path + "/", permanent: true)).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(Path + "/{**file}", (string? file, HttpContext context) => Serve(files, file, context)).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(FrozenDictionary<string, byte[]> files, string? file, HttpContext context)
    {
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        if (!files.TryGetValue(name, out var bytes))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // The files change only with the silo's build: revalidate rather than run an old script against a new API.
        headers[HeaderNames.CacheControl] = "no-cache";
        return Results.Bytes(bytes, ContentTypes.GetValueOrDefault(System.IO.Path.GetExtension(name), "application/octet-stream"));
    }

    /// <summary>The console's files by path under <c>/console/</c>, read once from the assembly's resources (<c>Silo/Console/wwwroot</c>).</summary>
    private static FrozenDictionary<string, byte[]> LoadFiles()
    {
        var assembly = typeof(ConsoleEndpoints).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
