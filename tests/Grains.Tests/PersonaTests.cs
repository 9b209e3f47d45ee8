using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class PersonaTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task SaveAsync_NumbersVersionsFromOne_AndKeepsEveryVersion()
    {
        var chat = _chat;
        var personaId = Json.NewUserId("critic");
        var persona = chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.GlobalPersona(personaId));
        Assert.Null(await persona.GetAsync());

        for (var i = 1; i <= 3; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
            await persona.SaveAsync(Json.Map("tone", $"\"v{i}\""));
        }

        var latest = await persona.GetAsync();
        Assert.Equal((3, null, personaId), (latest!.Version, latest.UserId, latest.Id));
        Assert.Equal("v1", (await persona.GetVersionAsync(1))!.Data["tone"].GetString());
        Assert.Equal("v3", (await persona.GetVersionAsync(3))!.Data["tone"].GetString());
        Assert.Null(await persona.GetVersionAsync(4));
        Assert.Equal([1, 2, 3], (await persona.ListVersionsAsync()).Select(v => v.Version));
    }

    [Fact]
    public async Task ListVersions_OrdersNumerically_PastNine()
    {
        var persona = _chat.Client.GetGrain<IPersonaGrain>(Json.NewUserId("many"));
        for (var i = 0; i < 11; i++)
        {
            await persona.SaveAsync(Json.Map("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(Enumerable.Range(1, 11), (await persona.ListVersionsAsync()).Select(v => v.Version));
    }

    [Fact]
    public async Task Catalogs_ListGlobalAndUserPersonasSeparately()
    {
        await using var chat = await ChatCluster.StartAsync();
        await chat.Client.GetGrain<IPersonaGrain>("zeta").SaveAsync(Json.Map("a", "1"));
        await chat.Client.GetGrain<IPersonaGrain>("alpha").SaveAsync(Json.Map("a", "1"));
        var own = chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona("alice", "tutor"));
        await own.SaveAsync(Json.Map("a", "1"));
        await own.SaveAsync(Json.Map("a", "2"));

        var global = await chat.Client.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(null)).ListAsync();
        var alices = await chat.Client.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog("alice")).ListAsync();

        Assert.Equal(["alpha", "zeta"], global.Select(p => p.Id));
        var tutor = Assert.Single(alices);
        Assert.Equal(("tutor", "alice", 2), (tutor.Id, tutor.UserId, tutor.Version));
    }

    [Fact]
    public async Task DeleteAsync_RemovesThePersonaItsVersionsAndItsCatalogEntry()
    {
        await using var chat = await ChatCluster.StartAsync();
        var persona = chat.Client.GetGrain<IPersonaGrain>("gone");
        await persona.SaveAsync(Json.Map("a", "1"));
        await persona.SaveAsync(Json.Map("a", "2"));

        Assert.Equal(2, await persona.DeleteAsync());

        Assert.Null(await persona.GetAsync());
        Assert.Empty(await persona.ListVersionsAsync());
        Assert.Empty(await chat.Client.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.Global).ListIdsAsync());
        Assert.Equal(1, (await persona.SaveAsync(Json.Map("a", "3"))).Version);
    }
}
