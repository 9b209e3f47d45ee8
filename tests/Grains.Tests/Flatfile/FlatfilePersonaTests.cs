using ChatDb.Grains.Tests.Infrastructure;

namespace ChatDb.Grains.Tests.Flatfile;

public sealed class FlatfilePersonaTests
{
    [Fact]
    public async Task DeletePersona_RemovesItsFileAndItsVersionsDirectory_LeavingTheOtherPersonas()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await chat.GlobalPersona("gone").SaveAsync(Json.Map("v", "1"));
        await chat.GlobalPersona("gone").SaveAsync(Json.Map("v", "2"));
        await chat.GlobalPersona("kept").SaveAsync(Json.Map("v", "1"));
        await chat.UserPersona("u1", "mine").SaveAsync(Json.Map("v", "1"));

        Assert.Equal(2, await chat.GlobalPersona("gone").DeleteAsync());
        Assert.Equal(1, await chat.UserPersona("u1", "mine").DeleteAsync());

        Assert.False(Directory.Exists(chat.PathOf("personas_global/versions/gone")), "personas_global/versions/gone is left behind");
        Assert.False(Directory.Exists(chat.PathOf("users/u1/personas/versions/mine")), "users/u1/personas/versions/mine is left behind");
        Assert.Equal(
            ["personas_global/.index/personas.json", "personas_global/kept.json", "personas_global/versions/kept/v1.json", "system/config.json"],
            chat.ListFiles());
        Assert.Null(await chat.GlobalPersona("gone").GetAsync());
        Assert.Empty(await chat.GlobalPersona("gone").ListVersionsAsync());
        Assert.Equal(["kept"], await chat.Catalog(null).ListIdsAsync());
        Assert.Empty(await chat.Catalog("u1").ListIdsAsync());
    }

    [Fact]
    public async Task PanelPersonaSnapshots_AreOrderedByPersonaId_NotByFileName()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();

        // '-' sorts before '.', so the file "a-b.json" comes before "a.json" while the id "a" comes before "a-b".
        await chat.GlobalPersona("a").SaveAsync(Json.Map("n", "1"));
        await chat.GlobalPersona("a-b").SaveAsync(Json.Map("n", "2"));
        var panel = await chat.Panels.CreatePanelAsync("focus_group", ["a-b", "a"], null);

        Assert.Equal(["a", "a-b"], (await chat.Panel(panel.Id).GetPersonaSnapshotsAsync()).Select(p => p.Id));
        await chat.RestartAsync();
        Assert.Equal(["a", "a-b"], (await chat.Panel(panel.Id).GetPersonaSnapshotsAsync()).Select(p => p.Id));
        Assert.Equal(["a", "a-b"], (await chat.Catalog(null).ListAsync()).Select(p => p.Id));
    }
}
