using System.Net;
using System.Text.Json.Nodes;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// Every route that takes <c>limit</c> refuses a page above <c>Api:MaxPageSize</c> (default 1,000, search's cap too)
/// with a 400 naming the setting and its value; the cap itself is accepted, and the document states it.
/// </summary>
public sealed class PageSizeCapTests : IAsyncLifetime
{
    private const int ConfiguredCap = 7;

    private readonly ApiServer _default = new();
    private readonly ApiServer _configured = new(new Dictionary<string, string?> { ["Api:MaxPageSize"] = "7" });

    public static TheoryData<string> ListRoutes() =>
    [
        "{session}/messages", "/users/{user}/sessions", "{session}/context/history",
        "/users/{user}/search?q=hello&", "{panel}/messages", "{panel}/search?q=hello&", "/panels",
        "/users/{user}/agents/helper/runs", "/users/{user}/global-agents/helper/runs", "/audit", "{panel}/runs",
        "/users/{user}/memories",
    ];

    public async Task InitializeAsync()
    {
        await _default.InitializeAsync();
        await _configured.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _default.DisposeAsync();
        await _configured.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(ListRoutes))]
    public async Task LimitAboveTheDefaultCap_Is400NamingIt(string route)
    {
        var target = await TargetAsync(_default.Http, route);

        var message = await (await _default.Http.GetAsync(target + "limit=1000000")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("Api:MaxPageSize = 1000", message, StringComparison.Ordinal);
        Assert.Contains("1000000", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _default.Http.GetAsync(target + "limit=1000")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(ListRoutes))]
    public async Task LimitAboveAConfiguredCap_Is400NamingIt(string route)
    {
        var target = await TargetAsync(_configured.Http, route);

        var message = await (await _configured.Http.GetAsync(target + "limit=8")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains($"Api:MaxPageSize = {ConfiguredCap}", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _configured.Http.GetAsync(target + "limit=7")).StatusCode);
    }

    [Fact]
    public async Task Document_StatesTheConfiguredCap()
    {
        var document = JsonNode.Parse(await _configured.Http.GetStringAsync("/openapi/v1.json"))!;
        var limits = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!["parameters"]?.AsArray()))
            .SelectMany(parameters => parameters ?? [])
            .Where(parameter => parameter!["name"]!.GetValue<string>() == "limit")
            .ToList();

        Assert.Equal(15, limits.Count);
        Assert.All(limits, limit => Assert.Equal(ConfiguredCap, limit!["schema"]!["maximum"]!.GetValue<int>()));
    }

    private static async Task<string> TargetAsync(HttpClient http, string route)
    {
        var userId = ApiCalls.NewUserId();
        var session = await http.CreateSessionAsync(userId);
        var panel = await (await http.PostAsync("/panels", ApiCalls.JsonBody("""{"type": "t", "personas": ["tutor"]}"""))).ReadJsonAsync(HttpStatusCode.Created);
        var target = route.Replace("{session}", ApiCalls.PathOf(session), StringComparison.Ordinal)
            .Replace("{user}", userId, StringComparison.Ordinal)
            .Replace("{panel}", "/panels/" + panel.GetProperty("id").GetString(), StringComparison.Ordinal);
        return target.EndsWith('&') ? target : target + "?";
    }
}
