using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ChatDb.Silo.Tests;

/// <summary>
/// Orleans' dashboard at <c>/dashboard</c> is for administrators: a browser without a key is asked for HTTP Basic
/// credentials (the admin API key is the password), a user's key is refused, and the admin key opens the page
/// and the data behind it (docs/SECURITY.md).
/// </summary>
[Collection(SecuredSiloCollection.Name)]
public sealed class DashboardTests(SecuredSilo silo) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = silo.Process.HttpAddress };

    public static TheoryData<string> DashboardPaths => ["/dashboard", "/dashboard/", "/dashboard/ClusterStats", "/dashboard/GrainState?grainId=x&grainType=y"];

    public void Dispose() => _http.Dispose();

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task Dashboard_WithoutAKey_Is401_AskingTheBrowserForBasicCredentials(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge =>
            challenge.Scheme == "Basic" && challenge.Parameter?.StartsWith("realm=\"chatdb\"", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Dashboard_WithTheAdminKeyAsBasicPassword_ServesThePageAndItsData()
    {
        using var page = await _http.SendAsync(Get("/dashboard/", Basic("anyone", silo.AdminKey)));
        using var stats = await _http.SendAsync(Get("/dashboard/ClusterStats", Basic("ops", silo.AdminKey)));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Contains("\"periodKey\"", await stats.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithoutTrailingSlash_RedirectsTheAdminToThePage()
    {
        using var response = await _http.SendAsync(Get("/dashboard", Basic("ops", silo.AdminKey)));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task Dashboard_WithAUsersKey_Is403(string path)
    {
        using var asBasic = await _http.SendAsync(Get(path, Basic(SecuredSilo.Alice, silo.AliceKey)));
        using var asBearer = await _http.SendAsync(Get(path, new AuthenticationHeaderValue("Bearer", silo.AliceKey)));

        Assert.Equal(HttpStatusCode.Forbidden, asBasic.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asBearer.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithAWrongPassword_Is401()
    {
        using var response = await _http.SendAsync(Get("/dashboard/", Basic("ops", silo.AdminKey + "x")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static HttpRequestMessage Get(string path, AuthenticationHeaderValue authorization) =>
        new(HttpMethod.Get, new Uri(path, UriKind.Relative)) { Headers = { Authorization = authorization } };
}
