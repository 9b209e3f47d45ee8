using ChatDb.Grains.Panels;
using ChatDb.Grains.Personas;
using ChatDb.Grains.Retention;
using ChatDb.Grains.Search;
using ChatDb.Grains.Sessions;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Grains.Users;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Metadata;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests;

/// <summary>
/// The storage layout is chosen by grain type name (<see cref="ChatGrainTypes"/>), so the names Orleans gives
/// the chat grains must be exactly those (pinned with <c>[GrainType]</c>); a renamed grain class would
/// otherwise move its data silently.
/// </summary>
[Collection(SharedChatCollection.Name)]
public sealed class ChatGrainTypeTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task EveryChatGrain_HasTheTypeNameTheKeyCodecAndTheStorageLayoutUse()
    {
        var chat = _chat;
        var grains = chat.Client;
        var resolver = chat.Cluster.GetSiloServiceProvider().GetRequiredService<GrainTypeResolver>();

        // What a client's reference resolves to, and what the silo names each class.
        Assert.Equal(ChatGrainTypes.User, grains.GetGrain<IUserGrain>("alice").GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.Session, grains.GetGrain<ISessionGrain>("alice/s").GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.Panel, grains.GetGrain<IPanelGrain>("p").GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.PanelDirectory, grains.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.Persona, grains.GetGrain<IPersonaGrain>("critic").GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.PersonaCatalog, grains.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.Global).GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.Search, grains.GetGrain<ISearchGrain>("alice").GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.Retention, grains.GetGrain<IRetentionGrain>(ChatGrainKeys.Global).GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.Export, grains.GetGrain<IExportGrain>(ChatGrainKeys.Global).GetGrainId().Type.ToString());
        Assert.Equal(ChatGrainTypes.SessionSummary, grains.GetGrain<ISessionSummaryGrain>("alice/s").GetGrainId().Type.ToString());
        Assert.Equal(
            [ChatGrainTypes.User, ChatGrainTypes.Session, ChatGrainTypes.Panel, ChatGrainTypes.PanelDirectory,
             ChatGrainTypes.Persona, ChatGrainTypes.PersonaCatalog, ChatGrainTypes.Search, ChatGrainTypes.Retention, ChatGrainTypes.Export,
             ChatGrainTypes.SessionSummary],
            new[]
            {
                typeof(UserGrain), typeof(SessionGrain), typeof(PanelGrain), typeof(PanelDirectoryGrain),
                typeof(PersonaGrain), typeof(PersonaCatalogGrain), typeof(SearchGrain), typeof(RetentionGrain), typeof(Export.ExportGrain),
                typeof(Sessions.Summary.SessionSummaryGrain),
            }.Select(type => resolver.GetGrainType(type).ToString()));
    }

    [Fact]
    public async Task AGrainCalled_KnowsItsOwnIdWithThePinnedTypeName()
    {
        var chat = _chat;
        var userId = Json.NewUserId();
        var session = await chat.User(userId).CreateSessionAsync("t", null);

        Assert.True(chat.Cluster.TryGetGrainContext(GrainId.Create(ChatGrainTypes.Session, ChatGrainKeys.Session(userId, session.Id)), out _));
        Assert.True(chat.Cluster.TryGetGrainContext(GrainId.Create(ChatGrainTypes.User, userId), out _));
    }
}
