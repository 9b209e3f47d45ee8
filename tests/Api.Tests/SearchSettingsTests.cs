using System.Net;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// The search settings come from the <c>Search</c> section and mean the same for user search and panel
/// search: <c>Search:DefaultLimit</c> (formerly also <c>Storage:SearchResultsDefaultLimit</c>, panels only) and
/// <c>Search:MinWordLength</c> (formerly also <c>Storage:FullTextSearchMinWordLength</c>, which did nothing).
/// The defaults are 20 and 3, so each test below fails if its setting is not read.
/// </summary>
public sealed class SearchSettingsTests : IAsyncLifetime
{
    private readonly ApiServer _server = new(new Dictionary<string, string?>
    {
        ["Search:DefaultLimit"] = "2",
        ["Search:MinWordLength"] = "2",
    });

    private HttpClient Http => _server.Http;

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task DefaultLimitFromConfiguration_IsTheDefaultPage_OfUserSearchAndPanelSearch()
    {
        var userId = ApiCalls.NewUserId();
        var session = await Http.CreateSessionAsync(userId);
        var panelId = await CreatePanelAsync();
        for (var i = 0; i < 3; i++)
        {
            await Http.AddMessageAsync(session, $"sourdough loaf number {i}");
            await Http.PostJsonAsync($"/panels/{panelId}/messages", new { role = "user", content = $"sourdough loaf number {i}" });
        }

        var userHits = await (await Http.GetAsync($"/users/{userId}/search?q=sourdough&mode=fulltext")).ReadJsonAsync(HttpStatusCode.OK);
        var panelHits = await (await Http.GetAsync($"/panels/{panelId}/search?q=sourdough")).ReadJsonAsync(HttpStatusCode.OK);
        var panelPage = await (await Http.GetAsync($"/panels/{panelId}/search?q=sourdough&limit=3")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, userHits.GetArrayLength());
        Assert.Equal(2, panelHits.GetArrayLength());
        Assert.Equal(3, panelPage.GetArrayLength());
    }

    [Fact]
    public async Task MinWordLengthFromConfiguration_MakesTwoLetterWordsSearchable_InSessionsAndPanels()
    {
        var userId = ApiCalls.NewUserId();
        var session = await Http.CreateSessionAsync(userId);
        var panelId = await CreatePanelAsync();
        await Http.AddMessageAsync(session, "The AI team ships on Friday");
        await Http.PostJsonAsync($"/panels/{panelId}/messages", new { role = "user", content = "The AI team ships on Friday" });

        var userHits = await (await Http.GetAsync($"/users/{userId}/search?q=AI&mode=fulltext")).ReadJsonAsync(HttpStatusCode.OK);
        var panelHits = await (await Http.GetAsync($"/panels/{panelId}/search?q=AI")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, userHits.GetArrayLength());
        Assert.Equal(1, panelHits.GetArrayLength());
    }

    private async Task<string> CreatePanelAsync()
    {
        var panel = await (await Http.PostJsonAsync("/panels", new { type = "review", personas = new[] { "critic_ai" } })).ReadJsonAsync(HttpStatusCode.Created);
        return panel.GetProperty("id").GetString()!;
    }
}
