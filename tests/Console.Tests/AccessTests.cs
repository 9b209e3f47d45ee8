using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatDb.Console.Tests;

/// <summary>The console shows only what the key may read through the API.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessTests(ConsoleSilo silo)
{
    [Fact]
    public async Task ConsolePage_LoadsWithoutAKey_AndAsksForOne()
    {
        var page = await silo.OpenAsync(key: null);

        var response = await page.GotoAsync("/console");

        Assert.Equal(200, response!.Status);
        Assert.Contains("script-src 'self'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Expect(page.GetByLabel("API key", new() { Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UsersKey_CannotOpenAnotherUsersSession()
    {
        var session = await silo.CreateSessionAsync(ConsoleSilo.Bob, "Bob's secrets");
        await silo.AddMessageAsync(ConsoleSilo.Bob, session, new { role = "user", content = "bob's private words" });
        var page = await silo.OpenAsync(silo.AliceKey, ConsoleSilo.Alice);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Bob}/s/{session}");

        await Expect(page.Locator("main [role=alert]")).ToContainTextAsync("403");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("bob's private words");
        await Expect(page.Locator("#nav")).Not.ToContainTextAsync("Users");
        Assert.Equal(0, await page.Locator("#messages li.msg").CountAsync());
        await page.Context.CloseAsync();
    }
}
