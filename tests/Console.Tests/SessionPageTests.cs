using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatDb.Console.Tests;

/// <summary>A session in the console: its messages, live additions, escaping, and a long session kept to a window of rows.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SessionPageTests(ConsoleSilo silo)
{
    [Fact]
    public async Task OpenSession_AfterTheKeyPrompt_ShowsItsMessagesWithRolesPartsAndTokens()
    {
        var session = await silo.CreateSessionAsync(ConsoleSilo.Alice, "Trip to Lisbon");
        await silo.AddMessageAsync(ConsoleSilo.Alice, session, new { role = "user", content = "Lisbon in May?" });
        await silo.AddMessageAsync(ConsoleSilo.Alice, session, new
        {
            role = "assistant",
            parts = new object[]
            {
                new { type = "text", text = "Checking the weather" },
                new { type = "tool_call", callId = "call-1", name = "weather", arguments = new { city = "Lisbon" } },
            },
        });
        var page = await silo.OpenAsync(key: null);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Alice}/s/{session}");
        await page.GetByLabel("API key", new() { Exact = true }).FillAsync(silo.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();

        var rows = page.Locator("#messages li.msg");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Lisbon in May?");
        await Expect(rows.Nth(0).Locator(".role")).ToHaveTextAsync("user");
        await Expect(rows.Nth(0).Locator(".tokens")).ToContainTextAsync("tokens");
        await Expect(rows.Nth(1)).ToContainTextAsync("Checking the weather");
        await Expect(rows.Nth(1)).ToContainTextAsync("tool call weather");
        await Expect(page.Locator("#counts")).ToContainTextAsync("2 messages");
        Assert.Equal(silo.AdminKey, await page.EvaluateAsync<string>("sessionStorage.getItem('chatdb.console.key')"));
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('chatdb.console.key')"));
        await ConsoleSilo.ScreenshotAsync(page, "session");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MessageAddedThroughRest_AppearsWithoutReload()
    {
        var session = await silo.CreateSessionAsync(ConsoleSilo.Alice, "Live");
        await silo.AddMessageAsync(ConsoleSilo.Alice, session, new { role = "user", content = "first" });
        var page = await silo.OpenAsync(silo.AliceKey, ConsoleSilo.Alice);
        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Alice}/s/{session}");
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        await silo.AddMessageAsync(ConsoleSilo.Alice, session, new { role = "assistant", content = "second, added over REST" });

        await Expect(page.Locator("#messages li.msg")).ToHaveCountAsync(2);
        await Expect(page.Locator("#messages li.msg").Last).ToContainTextAsync("second, added over REST");
        await Expect(page.Locator("#counts")).ToContainTextAsync("2 messages");
        Assert.Equal(0, navigations);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SessionOnAPhoneWideScreen_FitsItsWidth()
    {
        var session = await silo.CreateSessionAsync(ConsoleSilo.Alice, "Phone");
        await silo.AddMessageAsync(ConsoleSilo.Alice, session, new { role = "user", content = "a long unbroken word " + new string('x', 300) });
        var page = await silo.OpenAsync(silo.AliceKey, ConsoleSilo.Alice, width: 390, height: 844);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Alice}/s/{session}");
        await Expect(page.Locator("#messages li.msg")).ToHaveCountAsync(1);

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the session page scrolls sideways at 390 px");
        await ConsoleSilo.ScreenshotAsync(page, "session-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MessageWithMarkup_IsShownAsText_AndRunsNothing()
    {
        const string payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script><b>bold?</b>";
        var session = await silo.CreateSessionAsync(ConsoleSilo.Alice, "<script>window.__xss=3</script>");
        await silo.AddMessageAsync(ConsoleSilo.Alice, session, new { role = "user", content = payload, metadata = new { note = "<img src=y onerror=\"window.__xss=4\">" } });
        var page = await silo.OpenAsync(silo.AdminKey);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Alice}/s/{session}");

        var row = page.Locator("#messages li.msg").First;
        await Expect(row.Locator(".content")).ToHaveTextAsync(payload);
        await Expect(page.Locator("h1")).ToContainTextAsync("<script>window.__xss=3</script>");
        Assert.Equal(0, await page.Locator("main img, main script, main b").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__xss"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SessionOfTenThousandMessages_RendersAWindowOfRows_AndPagesToOlderOnes()
    {
        const int total = 10_000;
        var session = await silo.CreateSessionAsync(ConsoleSilo.Bob, "Ten thousand");
        for (var first = 1; first <= total; first += 1000)
        {
            await silo.AddBatchAsync(ConsoleSilo.Bob, session, Enumerable.Range(first, 1000)
                .Select(i => (object)new { role = i % 2 == 0 ? "assistant" : "user", content = string.Create(CultureInfo.InvariantCulture, $"message number {i}") }));
        }

        var page = await silo.OpenAsync(silo.BobKey, ConsoleSilo.Bob);
        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Bob}/s/{session}");

        var rows = page.Locator("#messages li.msg");
        await Expect(rows.Last).ToContainTextAsync("message number 10000");
        await Expect(page.Locator("#counts")).ToContainTextAsync("10,000 messages");
        var shown = await rows.CountAsync();
        Assert.InRange(shown, 1, 300);
        Assert.InRange(await page.Locator("#messages li").CountAsync(), 1, 300);

        await page.GetByRole(AriaRole.Button, new() { Name = "Older" }).ClickAsync();
        await Expect(rows.Last).ToContainTextAsync($"message number {total - shown}");
        Assert.InRange(await rows.CountAsync(), 1, 300);
        await page.Context.CloseAsync();
    }
}
