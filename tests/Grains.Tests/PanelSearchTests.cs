using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class PanelSearchTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task Search_FindsOnlyThePanelMessagesThatMatch_AndSeesMessagesAddedAfterTheFirstSearch()
    {
        var chat = _chat;
        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync("review", ["analyst_ai", "critic_ai"], null);
        var grain = chat.Client.GetGrain<IPanelGrain>(panel.Id);
        await grain.AddMessageAsync(new NewMessage { Role = "analyst_ai", Content = "Revenue grew in the northern region" });
        await grain.AddMessageAsync(new NewMessage { Role = "critic_ai", Content = "The northern revenue figure ignores returns and revenue restatements" });
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "Lunch is at noon" });

        var first = await grain.SearchAsync("northern revenue", limit: null);
        await grain.AddMessageAsync(new NewMessage { Role = "analyst_ai", Content = "Southern revenue stayed flat" });
        var second = await grain.SearchAsync("southern", limit: 5);

        Assert.Equal([1L, 2L], first.Select(h => h.Message.Seq).Order());
        Assert.All(first, h => Assert.Equal(panel.Id, h.SessionId));
        Assert.True(first[0].Score >= first[1].Score, "hits should come best first");
        Assert.Equal(4, Assert.Single(second).Message.Seq);
    }

    [Fact]
    public async Task Search_WithAnEmptyQuery_IsAValidationError()
    {
        var chat = _chat;
        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync("review", ["analyst_ai"], null);

        await Assert.ThrowsAsync<ValidationError>(() => chat.Client.GetGrain<IPanelGrain>(panel.Id).SearchAsync("  ", null));
    }
}
