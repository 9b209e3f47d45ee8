using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests;

/// <summary>
/// The chat grains on two silos of one cluster, on the memory providers both silos share (a flatfile data
/// directory is opened by one silo only): the grains land on both silos and behave as on one.
/// </summary>
public sealed class TwoSiloTests
{
    [Fact]
    public async Task ChatGrains_OnTwoSilos_LandOnBoth_AndEveryUserReadsBackWhatItWrote()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2);
        var users = Enumerable.Range(0, 24).Select(i => Json.NewUserId($"two{i}")).ToList();
        var sessions = new Dictionary<string, ChatSession>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            sessions[user] = await chat.User(user).CreateSessionAsync("on two silos", null);
            await chat.Session(sessions[user]).AddMessageAsync(new NewMessage { Role = "user", Content = $"from {user}" });
        }

        var hosts = users.Select(user => HostOf(chat, GrainId.Create(ChatGrainTypes.Session, ChatGrainKeys.Session(user, sessions[user].Id)))).ToList();

        Assert.Equal(2, chat.Cluster.Silos.Count);
        Assert.Equal(2, hosts.Distinct().Count());
        foreach (var user in users)
        {
            Assert.Equal(sessions[user].Id, Assert.Single(await chat.User(user).ListSessionsAsync(null, 0, null)).Id);
            Assert.Equal([$"from {user}"], (await chat.Session(sessions[user]).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        }
    }

    private static SiloAddress HostOf(ChatCluster chat, GrainId grain) =>
        chat.Cluster.TryGetGrainContext(grain, out var context)
            ? context.Address.SiloAddress!
            : throw new InvalidOperationException($"No silo hosts an activation of {grain}.");
}
