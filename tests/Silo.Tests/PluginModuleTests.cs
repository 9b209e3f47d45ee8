using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatDb.Grains.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Silo.Tests;

/// <summary>
/// A plugin module from a modules folder (docs/MODULES.md, "Plugins"): the sample plugin (samples/ChatDb.Plugins.Sample,
/// built with these tests and copied to sample-plugin/) loaded by the real silo application from
/// <c>Modules:PluginsPath</c>. One silo is started, by the fixture.
/// </summary>
public sealed class PluginModuleTests(PluginSilo silo) : IClassFixture<PluginSilo>
{
    private const string WordCountRoute = "/users/{userId}/sessions/{sessionId}/word-count";

    [Fact]
    public async Task ThePluginsRoute_CountsTheWordsOfASession_ThroughThePluginsGrain()
    {
        var userId = "plugin-user-" + Guid.NewGuid().ToString("N");
        var created = await silo.Http.PostAsJsonAsync($"/users/{userId}/sessions", new { title = "words" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        foreach (var content in new[] { "one two three", "  four\tfive  " })
        {
            var added = await silo.Http.PostAsJsonAsync($"/users/{userId}/sessions/{sessionId}/messages", new { role = "user", content });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var response = await silo.Http.GetAsync($"/users/{userId}/sessions/{sessionId}/word-count");
        var count = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, count.GetProperty("messages").GetInt64());
        Assert.Equal(5, count.GetProperty("words").GetInt64());
        Assert.Equal(sessionId, count.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task ThePluginsRoute_WithABadId_Answers400WithTheApisErrorBody()
    {
        var response = await silo.Http.GetAsync("/users/.hidden/sessions/s1/word-count");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation", body.GetProperty("error").GetString());
        Assert.Contains("user id", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModulesList_ShowsThePluginAfterTheBuiltInOnes_EnabledAndHealthy()
    {
        var modules = await silo.Http.GetFromJsonAsync<JsonElement>("/modules");
        var names = modules.EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        var plugin = modules.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "word_count");

        Assert.Equal([.. ChatModuleNames.All, "word_count"], names);
        Assert.True(plugin.GetProperty("enabled").GetBoolean());
        Assert.Equal("healthy", plugin.GetProperty("health").GetString());
        Assert.Equal("1.0.0", plugin.GetProperty("version").GetString());
        Assert.Equal([WordCountRoute], plugin.GetProperty("routes").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task TheOpenApiDocument_HasThePluginsRoute_WithTheModuleGates404()
    {
        var document = await silo.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operation = document.GetProperty("paths").GetProperty(WordCountRoute).GetProperty("get");

        Assert.Equal("CountWords", operation.GetProperty("operationId").GetString());
        Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _), "the module's routes declare 404 module_disabled");
    }

    [Fact]
    public async Task ThePlugin_SwitchedOff_AnswersItsRouteWith404ModuleDisabled()
    {
        // The same plugin folder with --disable-module: built, not started (the gate answers before any grain is called).
        var (app, _) = SiloApplication.Build([.. silo.Arguments("off"), "--disable-module", "word_count"]);
        await using (app)
        {
            var (status, body) = await InvokeAsync(app, WordCountRoute, new() { ["userId"] = "u1", ["sessionId"] = "s1" });
            var plugin = app.Services.GetRequiredService<ChatModuleSet>().All.Single(m => m.Name == "word_count");

            Assert.Equal(StatusCodes.Status404NotFound, status);
            Assert.Equal("module_disabled", body.GetProperty("error").GetString());
            Assert.Equal("The word_count module is disabled in this deployment", body.GetProperty("message").GetString());
            Assert.False(plugin.Enabled, "GET /modules lists it as disabled");
        }
    }

    [Theory]
    [InlineData("empty", new string[0], "no *.deps.json names the plugin assembly")]
    [InlineData("garbage", new[] { "Garbage.deps.json", "Garbage.dll" }, "Garbage.dll cannot be loaded: ")]
    public async Task ABrokenPluginFolder_StopsTheStart_WithOneLineNamingTheFolder(string name, string[] files, string problem)
    {
        var root = Path.Join(silo.Root, "broken-" + name);
        var folder = Path.Join(root, "modules", name);
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            await File.WriteAllTextAsync(Path.Join(folder, file), "not what a plugin folder holds");
        }

        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SiloApplication.RunAsync(
            ["--data", Path.Join(root, "data"), "--http", "http://127.0.0.1:0", $"--Modules:PluginsPath={Path.Join(root, "modules")}"], output, error);

        Assert.Equal(SiloApplication.StartupFailedExitCode, exitCode);
        Assert.StartsWith($"ChatDb silo cannot start: plugin {folder}: {problem}", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task AModulesSectionNamingNoModule_StillStopsTheStart_ListingThePlugin()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SiloApplication.RunAsync([.. silo.Arguments("unknown"), "--disable-module", "word_cont"], output, error);

        Assert.Equal(SiloApplication.StartupFailedExitCode, exitCode);
        Assert.Equal(
            $"ChatDb silo cannot start: Modules:word_cont names no module; the modules are {string.Join(", ", ChatModuleNames.All)}, word_count.{Environment.NewLine}",
            error.ToString());
    }

    /// <summary>Runs the endpoint of <paramref name="pattern"/> with its filters (error body, module gate), without a listener.</summary>
    private static async Task<(int Status, JsonElement Body)> InvokeAsync(WebApplication app, string pattern, RouteValueDictionary values)
    {
        var endpoint = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == pattern);
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = HttpMethods.Get;
        http.Request.RouteValues = values;
        http.Response.Body = new MemoryStream();
        http.SetEndpoint(endpoint);

        await endpoint.RequestDelegate!(http);

        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(http.Response.Body));
    }
}
