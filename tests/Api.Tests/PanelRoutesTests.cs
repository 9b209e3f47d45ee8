using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class PanelRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task Panel_CreateGetMessagesAndInsights()
    {
        var create = await _http.PostJsonAsync("/panels", new { type = "multi_persona", personas = new[] { "critic", "optimist" }, config = new { rounds = 3 } });
        var panel = await create.ReadAsync<Panel>(HttpStatusCode.Created);
        Assert.StartsWith("panel_", panel.Id, StringComparison.Ordinal);
        Assert.Equal($"/panels/{panel.Id}", create.Headers.Location?.OriginalString);

        var fetched = await (await _http.GetAsync($"/panels/{panel.Id}")).ReadAsync<Panel>();
        Assert.Equal(["critic", "optimist"], fetched.Personas);
        Assert.Equal(3, fetched.Config["rounds"].GetInt32());

        var first = await (await _http.PostJsonAsync($"/panels/{panel.Id}/messages", new { role = "critic", content = "No." })).ReadAsync<ChatMessage>(HttpStatusCode.Created);
        await (await _http.PostJsonAsync($"/panels/{panel.Id}/messages", new { role = "moderator", content = "Why?" })).ReadAsync<ChatMessage>(HttpStatusCode.Created);
        Assert.Equal(1, first.Seq);
        var messages = await (await _http.GetAsync($"/panels/{panel.Id}/messages?limit=1&offset=1")).ReadAsync<List<ChatMessage>>();
        Assert.Equal(["Why?"], messages.Select(m => m.Content));

        var insight = await (await _http.PostJsonAsync($"/panels/{panel.Id}/insights", new { conclusion = "split" })).ReadAsync<PanelInsight>(HttpStatusCode.Created);
        Assert.Equal(panel.Id, insight.PanelId);
        var insights = await (await _http.GetAsync($"/panels/{panel.Id}/insights")).ReadAsync<List<PanelInsight>>();
        Assert.Equal("split", Assert.Single(insights).Data["conclusion"].GetString());
    }

    [Fact]
    public async Task PanelMessage_FromARoleNotOnThePanel_Is400()
    {
        var panel = await (await _http.PostJsonAsync("/panels", new { type = "focus_group", personas = new[] { "critic" } })).ReadAsync<Panel>(HttpStatusCode.Created);
        var response = await _http.PostJsonAsync($"/panels/{panel.Id}/messages", new { role = "stranger", content = "hi" });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task UnknownPanel_Is404()
    {
        const string Id = "panel_20200101_000000_000000";
        await (await _http.GetAsync($"/panels/{Id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PostJsonAsync($"/panels/{Id}/messages", new { role = "user", content = "x" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreatePanel_WithoutPersonas_Is400()
    {
        await (await _http.PostJsonAsync("/panels", new { type = "x" })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.PostJsonAsync("/panels", new { type = "x", personas = new[] { "../etc" } })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task ListPanels_FiltersByType_NewestFirst_AndPages()
    {
        var type = "list_" + Guid.NewGuid().ToString("N");
        var first = await (await _http.PostJsonAsync("/panels", new { type, personas = new[] { "critic" } })).ReadAsync<Panel>(HttpStatusCode.Created);
        var second = await (await _http.PostJsonAsync("/panels", new { type, personas = new[] { "critic" } })).ReadAsync<Panel>(HttpStatusCode.Created);

        var listed = await (await _http.GetAsync($"/panels?type={type}")).ReadAsync<List<Panel>>();
        var page = await (await _http.GetAsync($"/panels?type={type}&limit=1&offset=1")).ReadAsync<List<Panel>>();

        Assert.Equal([second.Id, first.Id], listed.Select(p => p.Id));
        Assert.Equal([first.Id], page.Select(p => p.Id));
        await (await _http.GetAsync("/panels?type=")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.GetAsync("/panels?offset=-1")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.GetAsync("/panels?limit=x")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task PatchPanel_MergesConfigAndPersonas_AndAnalyticsCountTheConversation()
    {
        var panel = await (await _http.PostJsonAsync("/panels", new { type = "focus_group", personas = new[] { "critic" }, config = new { rounds = 3 } }))
            .ReadAsync<Panel>(HttpStatusCode.Created);

        var patched = await (await _http.PatchJsonAsync($"/panels/{panel.Id}", new { config = new { rounds = 4, mode = "fast" }, addPersonas = new[] { "optimist" } }))
            .ReadAsync<Panel>();
        await (await _http.PostJsonAsync($"/panels/{panel.Id}/messages", new { role = "optimist", content = "Yes." })).ReadAsync<ChatMessage>(HttpStatusCode.Created);
        await (await _http.PostJsonAsync($"/panels/{panel.Id}/messages", new { role = "critic", content = "No." })).ReadAsync<ChatMessage>(HttpStatusCode.Created);
        await (await _http.PostJsonAsync($"/panels/{panel.Id}/insights", new { conclusion = "split" })).ReadAsync<PanelInsight>(HttpStatusCode.Created);
        var analytics = await (await _http.GetAsync($"/panels/{panel.Id}/analytics")).ReadAsync<PanelAnalytics>();

        Assert.Equal(["critic", "optimist"], patched.Personas);
        Assert.Equal((4, "fast"), (patched.Config["rounds"].GetInt32(), patched.Config["mode"].GetString()));
        Assert.Equal((2L, 2L, 1), (analytics.Messages, analytics.Turns, analytics.Insights));
        Assert.Equal(1, analytics.MessagesByRole["optimist"]);
        Assert.NotNull(analytics.LastActivity);
    }

    [Fact]
    public async Task PatchAndAnalytics_OfAnUnknownPanel_Are404_AndABadPatch_Is400()
    {
        const string Id = "panel_20200101_000000_000000";
        var panel = await (await _http.PostJsonAsync("/panels", new { type = "t", personas = new[] { "critic" } })).ReadAsync<Panel>(HttpStatusCode.Created);

        await (await _http.PatchJsonAsync($"/panels/{Id}", new { config = new { a = 1 } })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync($"/panels/{Id}/analytics")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync($"/panels/{Id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        var removeAll = await (await _http.PatchJsonAsync($"/panels/{panel.Id}", new { removePersonas = new[] { "critic" } }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("at least one persona", removeAll, StringComparison.Ordinal);
        await (await _http.PatchJsonAsync($"/panels/{panel.Id}", new { addPersonas = new[] { "../etc" } })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }
}
