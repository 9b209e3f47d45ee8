using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Storage.Keys;

namespace ChatDb.Api.Tests;

/// <summary>Modules switched off by configuration (docs/MODULES.md): their routes, their grains, /modules, /health and agent runs.</summary>
[Collection(ModulesOffApiCollection.Name)]
public sealed class ModuleSwitchTests(ModulesOffApiServer fixture)
{
    private readonly HttpClient _http = fixture.Server.Http;

    [Fact]
    public async Task RoutesOfADisabledModule_Answer404ModuleDisabled_NamingTheModule()
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId);

        var memories = await (await _http.GetAsync($"/users/{userId}/memories")).AssertErrorAsync(HttpStatusCode.NotFound, "module_disabled");
        var memory = await (await _http.GetAsync($"/users/{userId}/memories/mem_0123456789abcdef0123456789abcdef")).AssertErrorAsync(HttpStatusCode.NotFound, "module_disabled");
        using var bytes = new ByteArrayContent("hello"u8.ToArray());
        var document = await (await _http.PutAsync($"/users/{userId}/sessions/{session.Id}/documents/notes.txt", bytes)).AssertErrorAsync(HttpStatusCode.NotFound, "module_disabled");

        Assert.Equal("The memory module is disabled in this deployment", memories);
        Assert.Equal("The memory module is disabled in this deployment", memory);
        Assert.Equal("The rag module is disabled in this deployment", document);
    }

    [Fact]
    public async Task TheThumbnailRoute_Answers404ModuleDisabled_WhileMultimodalIsOff()
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId);

        var message = await (await _http.GetAsync($"/users/{userId}/sessions/{session.Id}/documents/photo.png/thumbnail"))
            .AssertErrorAsync(HttpStatusCode.NotFound, "module_disabled");

        Assert.Equal("The multimodal module is disabled in this deployment", message);
    }

    [Fact]
    public async Task TheCore_StaysOn_WhileModulesAreOff()
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId);
        await _http.AddMessageAsync(session, "still here");

        var messages = await (await _http.GetAsync($"/users/{userId}/sessions/{session.Id}/messages")).ReadAsync<List<ChatMessage>>();
        var personas = await _http.GetAsync("/personas");

        Assert.Equal(["still here"], messages.Select(m => m.Content));
        Assert.Equal(HttpStatusCode.OK, personas.StatusCode);
    }

    [Fact]
    public async Task AClientCallToADisabledModulesGrain_IsRefusedWithModuleDisabledError()
    {
        var grain = fixture.Server.Grains.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(ApiCalls.NewUserId()));

        var error = await Assert.ThrowsAsync<ModuleDisabledError>(() => grain.GetAsync("mem_0123456789abcdef0123456789abcdef"));

        Assert.Equal("The memory module is disabled in this deployment", error.Message);
    }

    [Fact]
    public async Task APanelRunWithTheRouterStrategy_IsRefused_WhileTopicRouterIsOff()
    {
        var message = await (await _http.PostJsonAsync($"/panels/{ChatDb.Silo.Api.OpenApi.ApiPathParameters.PanelIdExample}/runs", new { input = "who should answer?", strategy = "router" }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "module_disabled");

        Assert.Equal("The topic_router module is disabled in this deployment", message);
    }

    [Fact]
    public async Task AnAgentRun_GoesOnWithoutMemoryDocumentsAndTools_AndTracesEachOnce()
    {
        var userId = ApiCalls.NewUserId();
        await (await _http.PutJsonAsync($"/users/{userId}/agents/planner",
            new { instructions = "You plan trips.", tools = new[] { "current_time" }, memory = new { recall = 3, extract = true }, knowledge = new { retrieve = 3 } }))
            .ReadAsync<Agent>();
        var session = await _http.CreateSessionAsync(userId);

        var run = await (await _http.PostJsonAsync($"/users/{userId}/agents/planner/runs", new { sessionId = session.Id, input = "Paris in May?" }))
            .ReadAsync<AgentRun>(HttpStatusCode.Created);
        var trace = await (await _http.GetAsync($"/users/{userId}/agents/planner/runs/{run.Id}/trace")).ReadAsync<List<AgentTraceEvent>>();

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        var skipped = trace.Where(e => e.Kind == AgentTraceKinds.ModuleDisabled).ToList();
        Assert.Equal(["memory", "rag", "tool_use"], skipped.Select(e => e.Module));
        Assert.All(skipped, e => Assert.Equal($"The {e.Module} module is disabled in this deployment", e.Error));
        Assert.DoesNotContain(trace, e => e.Kind is AgentTraceKinds.MemoriesRecalled or AgentTraceKinds.MemoriesExtracted or AgentTraceKinds.KnowledgeRetrieved);
    }

    [Fact]
    public async Task APanelRun_GoesOnWithoutMemoryAndTools_AndTracesEachOnce()
    {
        var userId = ApiCalls.NewUserId();
        foreach (var agent in (string[])["planner", "critic"])
        {
            (await _http.PutJsonAsync($"/users/{userId}/agents/{agent}",
                new { instructions = $"You are the {agent}.", tools = new[] { "current_time" }, memory = new { recall = 3, extract = true } })).EnsureSuccessStatusCode();
        }

        var panel = await (await _http.PostJsonAsync("/panels", new
        {
            type = "debate",
            agents = new[] { new { userId, agentId = "planner" }, new { userId, agentId = "critic" } },
        })).ReadAsync<Panel>(HttpStatusCode.Created);

        var run = await (await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "I live in Lisbon. Porto or Braga?", strategy = "round_robin", maxTurns = 3 }))
            .ReadAsync<PanelRun>(HttpStatusCode.Created);
        var trace = await (await _http.GetAsync($"/panels/{panel.Id}/runs/{run.Id}/trace")).ReadAsync<List<PanelTraceEvent>>();

        Assert.Equal((AgentRunStatuses.Succeeded, 3), (run.Status, run.Turns.Count));
        var skipped = trace.Where(e => e.Kind == PanelTraceKinds.ModuleDisabled).ToList();
        Assert.Equal(["memory", "tool_use"], skipped.Select(e => e.Module));
        Assert.All(skipped, e => Assert.Equal(($"{userId}/planner", $"The {e.Module} module is disabled in this deployment"), (e.Speaker, e.Error)));
        Assert.DoesNotContain(trace, e => e.Kind is PanelTraceKinds.MemoriesRecalled or PanelTraceKinds.MemoriesExtracted or PanelTraceKinds.ToolCalled);
    }

    [Fact]
    public async Task Modules_ListsAllNine_WithTheDisabledOnesOff()
    {
        var modules = (await (await _http.GetAsync("/modules")).ReadJsonAsync()).EnumerateArray().ToList();

        Assert.Equal(ChatModuleNames.All, modules.Select(m => m.GetProperty("name").GetString()));
        foreach (var module in modules)
        {
            var name = module.GetProperty("name").GetString()!;
            var off = ModulesOffApiServer.Disabled.Contains(name);
            Assert.Equal(!off, module.GetProperty("enabled").GetBoolean());
            Assert.Equal(off ? "disabled" : "healthy", module.GetProperty("health").GetString());
            Assert.False(string.IsNullOrEmpty(module.GetProperty("version").GetString()));
        }
    }

    [Fact]
    public async Task Health_CoversTheEnabledModules_Only()
    {
        var health = await (await _http.GetAsync("/health")).ReadJsonAsync();

        Assert.Equal("ready", health.GetProperty("status").GetString());
        var modules = health.GetProperty("modules").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(ChatModuleNames.All.Except(ModulesOffApiServer.Disabled).Order(StringComparer.Ordinal), modules.Keys.Order(StringComparer.Ordinal));
        Assert.All(modules.Values, status => Assert.Equal("healthy", status));
    }

    [Fact]
    public async Task TheOpenApiDocument_DeclaresTheModuleDisabled404_OnModuleRoutesOnly()
    {
        var paths = (await (await _http.GetAsync("/openapi/v1.json")).ReadJsonAsync()).GetProperty("paths");

        JsonElement Responses(string path) => paths.EnumerateObject().Single(p => p.Name.TrimEnd('/') == path).Value.GetProperty("get").GetProperty("responses");
        var memories = Responses("/users/{userId}/memories");
        var sessions = Responses("/users/{userId}/sessions");

        Assert.Contains("module_disabled", memories.GetProperty("404").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(sessions.TryGetProperty("404", out _));
    }
}

/// <summary>With every module on (the default), the module routes are where their descriptors say, and nothing changes for the core.</summary>
[Collection(ApiCollection.Name)]
public sealed class ModulesOnTests(ApiServer server)
{
    [Fact]
    public async Task EveryModule_IsOnAndHealthy_ByDefault()
    {
        var modules = (await (await server.Http.GetAsync("/modules")).ReadJsonAsync()).EnumerateArray().ToList();
        var memories = await server.Http.GetAsync($"/users/{ApiCalls.NewUserId()}/memories");

        Assert.Equal(ChatModuleNames.All, modules.Select(m => m.GetProperty("name").GetString()));
        Assert.All(modules, m => Assert.True(m.GetProperty("enabled").GetBoolean()));
        Assert.All(modules, m => Assert.Equal("healthy", m.GetProperty("health").GetString()));
        Assert.Equal(HttpStatusCode.OK, memories.StatusCode);
    }

    [Fact]
    public void EveryRoutePrefixOfAModule_OwnsARoute_AndCoreRoutesBelongToNoModule()
    {
        var patterns = server.Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => (Pattern: "/" + e.RoutePattern.RawText!.Trim('/'), Module: e.Metadata.GetMetadata<ChatDb.Silo.Modules.ModuleRouteMetadata>()?.Module))
            .ToList();
        var modules = ((IServiceProvider)server.Services).GetService(typeof(ChatModuleSet)) as ChatModuleSet;

        Assert.NotNull(modules);
        foreach (var prefix in modules.All.SelectMany(m => m.Routes.Select(r => (m.Name, Route: r))))
        {
            Assert.Contains(patterns, p => p.Module == prefix.Name && (p.Pattern == prefix.Route || p.Pattern.StartsWith(prefix.Route + "/", StringComparison.Ordinal)));
        }

        string[] ModulesOf(string pattern) => [.. patterns.Where(p => p.Pattern == pattern).Select(p => p.Module ?? "core").Distinct()];
        Assert.Equal(["core"], ModulesOf("/users/{userId}/sessions/{sessionId}/messages"));
        Assert.Equal(["core"], ModulesOf("/users/{userId}/search"));
        Assert.Equal(["trace_logger"], ModulesOf("/panels/{panelId}/runs/{runId}/trace"));
        Assert.Equal(["tool_use"], ModulesOf("/users/{userId}/agents/{agentId}/runs/{runId}/approvals"));
        Assert.Equal(["text_chat"], ModulesOf("/users/{userId}/agents/{agentId}/runs/{runId}"));
        Assert.Equal(["multi_agent"], ModulesOf("/panels/{panelId}/runs"));
    }
}
