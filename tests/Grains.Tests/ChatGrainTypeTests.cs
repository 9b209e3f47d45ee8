using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Runtime;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests;

/// <summary>
/// The storage layout is chosen by grain type name (<see cref="ChatGrainTypes"/>), so the names the runtime
/// gives the chat grains must be exactly those; a renamed grain class would otherwise move its data silently.
/// </summary>
public sealed class ChatGrainTypeTests
{
    [Fact]
    public async Task EveryChatGrain_HasTheTypeNameTheKeyCodecAndTheStorageLayoutUse()
    {
        await using var chat = await ChatCluster.StartAsync();
        var grains = chat.Client;

        Assert.Equal(ChatGrainTypes.User, grains.GetGrain<IUserGrain>("alice").GetGrainId().Type.Value);
        Assert.Equal(ChatGrainTypes.Session, grains.GetGrain<ISessionGrain>("alice/s").GetGrainId().Type.Value);
        Assert.Equal(ChatGrainTypes.Panel, grains.GetGrain<IPanelGrain>("p").GetGrainId().Type.Value);
        Assert.Equal(ChatGrainTypes.PanelDirectory, grains.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).GetGrainId().Type.Value);
        Assert.Equal(ChatGrainTypes.Persona, grains.GetGrain<IPersonaGrain>("critic").GetGrainId().Type.Value);
        Assert.Equal(ChatGrainTypes.PersonaCatalog, grains.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.Global).GetGrainId().Type.Value);
        Assert.Equal(ChatGrainTypes.Search, grains.GetGrain<ISearchGrain>("alice").GetGrainId().Type.Value);
        Assert.Equal(ChatGrainTypes.Retention, grains.GetGrain<IRetentionGrain>(ChatGrainKeys.Global).GetGrainId().Type.Value);
    }
}
