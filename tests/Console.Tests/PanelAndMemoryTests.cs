using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatDb.Console.Tests;

/// <summary>A panel run started from the page, shown as a thread with the reason of each turn; memories and the recall tester.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PanelAndMemoryTests(ConsoleSilo silo)
{
    [Fact]
    public async Task PanelRun_StartedWithAStrategy_ShowsEachTurnWithWhoSpokeAndWhy()
    {
        foreach (var agent in new[] { "planner", "critic" })
        {
            await silo.PutAsync($"/users/{ConsoleSilo.Alice}/agents/{agent}", new { instructions = $"You are the {agent}." });
        }

        using var created = await silo.Admin.PostAsync("/panels", new StringContent(
            $$"""{"type":"debate","agents":[{"userId":"{{ConsoleSilo.Alice}}","agentId":"planner"},{"userId":"{{ConsoleSilo.Alice}}","agentId":"critic"}]}""",
            System.Text.Encoding.UTF8, "application/json"));
        var panel = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var page = await silo.OpenAsync(silo.AdminKey);

        await page.GotoAsync($"/console/#/panels/{panel}");
        await page.GetByLabel("Opening message").FillAsync("Lisbon or Porto?");
        await page.GetByLabel("Strategy").SelectOptionAsync("round_robin");
        await page.GetByLabel("Max turns").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        var turns = page.Locator("#thread li:has(.why)");
        await Expect(turns).ToHaveCountAsync(2);
        await Expect(turns.Nth(0)).ToContainTextAsync($"{ConsoleSilo.Alice}/planner");
        await Expect(turns.Nth(0).Locator(".why")).ToContainTextAsync("round robin");
        await Expect(turns.Nth(1)).ToContainTextAsync($"{ConsoleSilo.Alice}/critic");
        await Expect(page.Locator("#thread li").First).ToContainTextAsync("Lisbon or Porto?");
        await ConsoleSilo.ScreenshotAsync(page, "panel");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Memories_AreListed_AndTheRecallTesterFindsOne()
    {
        using var added = await silo.Admin.PostAsync($"/users/{ConsoleSilo.Bob}/memories", new StringContent(
            """{"text":"Bob is allergic to peanuts","importance":0.9}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        var page = await silo.OpenAsync(silo.BobKey, ConsoleSilo.Bob);

        await page.GotoAsync($"/console/#/u/{ConsoleSilo.Bob}/memories");
        await Expect(page.Locator("#memories")).ToContainTextAsync("Bob is allergic to peanuts");
        await Expect(page.Locator("#memories")).ToContainTextAsync("added directly");
        await page.GetByLabel("Recall for").FillAsync("peanuts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recall" }).ClickAsync();

        await Expect(page.Locator("#recall li").First).ToContainTextAsync("Bob is allergic to peanuts");
        await page.Context.CloseAsync();
    }
}
