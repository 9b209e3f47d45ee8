using System.Net.Http.Headers;

namespace ChatDb.Client;

/// <summary>How a REST caller presents its API key to a silo: <c>Authorization: Bearer &lt;key&gt;</c>, the header the silo reads first.</summary>
public static class SiloApiKey
{
    /// <summary>The environment variable the <c>chatdb</c> commands read the key from when none is given otherwise.</summary>
    public const string Variable = "CHATDB_API_KEY";

    /// <summary>Adds the key to <paramref name="request"/>; no key, no header (a loopback silo without keys needs none).</summary>
    public static void Apply(HttpRequestMessage request, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }
}
