using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatDb.Console.Tests;

/// <summary>Search with jump-to-message, an offline agent's run with its trace, and the admin pages.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SearchAndAgentTests(ConsoleSilo silo)
{
    [Fact]
    public async Task Search_ShowsHighlightedSnippets_AndJumpsToTheMessageInItsSession()
    {
        var session = await silo.CreateSessionAsync(ConsoleSilo.Alice, "Search me");
        await silo.AddBatchAsync(ConsoleSilo.Alice, session, Enumerable.Range(1, 300)
            .Select(i => (object)new { role = "user", content = i == 42 ? "the quokka lives on Rottnest" : $"filler line {i}" }));
        var page = await silo.OpenAsync(silo.AdminKey);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Alice}/search");
        await page.GetByLabel("Search for").FillAsync("quokka");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var hit = page.Locator("#results li.hit").First;
        await Expect(hit.Locator("mark")).ToHaveTextAsync("quokka", new() { IgnoreCase = true });
        await ConsoleSilo.ScreenshotAsync(page, "search");
        await hit.Locator("a.jump").ClickAsync();

        var target = page.Locator("#messages li.msg.target");
        await Expect(target).ToHaveAttributeAsync("data-seq", "42");
        await Expect(target).ToContainTextAsync("the quokka lives on Rottnest");
        await Expect(target).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OfflineAgentRun_StartedFromThePage_ShowsItsTraceAndAnswer()
    {
        var session = await silo.CreateSessionAsync(ConsoleSilo.Alice, "Agent session");
        await silo.PutAsync($"/users/{ConsoleSilo.Alice}/agents/helper", new { instructions = "Be helpful." });
        await silo.PutAsync($"/users/{ConsoleSilo.Alice}/agents/helper", new { instructions = "Be brief and helpful.", historyTokens = 2000 });
        var page = await silo.OpenAsync(silo.AliceKey, ConsoleSilo.Alice);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Alice}/agents/helper");
        await page.GetByLabel("Session").SelectOptionAsync(session);
        await page.GetByLabel("Input").FillAsync("hello from the console");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();

        var trace = page.Locator("#trace li.trace-event");
        await Expect(page.Locator("#trace li[data-kind=run_finished]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#trace li[data-kind=prompt_built]")).ToContainTextAsync("tokens");
        await Expect(page.Locator("#trace li[data-kind=model_called]")).ToContainTextAsync("model offline");
        await Expect(page.Locator("#run-status")).ToContainTextAsync("succeeded");
        Assert.True(await trace.CountAsync() >= 4, "the trace shows run_started, prompt_built, model_called and run_finished at least");
        await ConsoleSilo.ScreenshotAsync(page, "agent-run");

        await page.Locator("#run-status a").ClickAsync();
        await Expect(page.Locator("#messages li.msg").Last).ToContainTextAsync("You said: hello from the console");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AgentPage_ComparesTwoVersions()
    {
        await silo.PutAsync($"/users/{ConsoleSilo.Bob}/agents/critic", new { instructions = "Criticise." });
        await silo.PutAsync($"/users/{ConsoleSilo.Bob}/agents/critic", new { instructions = "Criticise kindly." });
        var page = await silo.OpenAsync(silo.AdminKey);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Bob}/agents/critic");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await Expect(page.Locator("#diff")).ToContainTextAsync("instructions");
        await Expect(page.Locator("#diff")).ToContainTextAsync("Criticise kindly.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AdminPages_ListUsers_AndShowStorageFiguresAndABackup()
    {
        await silo.CreateSessionAsync(ConsoleSilo.Alice, "Counted");
        var page = await silo.OpenAsync(silo.AdminKey);

        await page.GotoAsync("/console/");
        await Expect(page.Locator("#users")).ToContainTextAsync(ConsoleSilo.Alice);
        await page.GetByLabel("User id contains").FillAsync("bo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator("#users tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#users tbody")).ToContainTextAsync(ConsoleSilo.Bob);
        await page.GetByRole(AriaRole.Link, new() { Name = ConsoleSilo.Bob, Exact = true }).ClickAsync();
        await Expect(page.Locator("#sessions")).ToBeVisibleAsync();
        await page.GotoAsync("/console/#/users");
        await Expect(page.Locator("#users")).ToContainTextAsync(ConsoleSilo.Alice);
        await ConsoleSilo.ScreenshotAsync(page, "users");

        await page.GotoAsync("/console/#/ops");
        await Expect(page.Locator("#health")).ToContainTextAsync("200 ready");
        await Expect(page.Locator("#silos")).ToContainTextAsync("active");
        await Expect(page.Locator("#stats")).ToContainTextAsync("sessions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a backup" }).ClickAsync();
        await Expect(page.Locator("#backup-download")).ToContainTextAsync(".tar.gz");
        await ConsoleSilo.ScreenshotAsync(page, "operations");
        await page.Context.CloseAsync();
    }
}
