using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>Panels with user agents taking part: checked at creation, counted with the personas, speaking with their role.</summary>
[Collection(SharedChatCollection.Name)]
public sealed class PanelAgentTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private IPanelDirectoryGrain Directory => _chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global);

    private async Task<string> AgentAsync(string agentId)
    {
        var userId = Json.NewUserId();
        await _chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, agentId)).SaveAsync(new AgentDefinition { Instructions = "Speak." });
        return userId;
    }

    [Fact]
    public async Task APanelOfAgents_KeepsThem_AndTakesMessagesWithTheirRole()
    {
        var userId = await AgentAsync("critic");

        var panel = await Directory.CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(userId, "critic")], null);
        var added = await _chat.Client.GetGrain<IPanelGrain>(panel.Id).AddMessageAsync(new NewMessage { Role = $"{userId}/critic", Content = "No." });

        Assert.Empty(panel.Personas);
        Assert.Equal([new PanelAgent(userId, "critic")], (await _chat.Client.GetGrain<IPanelGrain>(panel.Id).GetAsync())!.Agents);
        Assert.Equal($"{userId}/critic", added.Role);
        await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPanelGrain>(panel.Id)
            .AddMessageAsync(new NewMessage { Role = $"{userId}/stranger", Content = "hi" }));
    }

    [Fact]
    public async Task AnAgentThatDoesNotExist_IsRefusedNamingIt()
    {
        var userId = Json.NewUserId();

        var error = await Assert.ThrowsAsync<NotFoundError>(() => Directory.CreatePanelWithAgentsAsync("debate", ["tutor"], [new PanelAgent(userId, "ghost")], null));

        Assert.Contains($"agent ghost of user {userId} does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../etc", "critic")]
    [InlineData("alice", "a/b")]
    [InlineData("alice", "")]
    public async Task HostileAgentIds_AreRefusedBeforeAnyLookup(string userId, string agentId)
    {
        await Assert.ThrowsAsync<ValidationError>(() => Directory.CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(userId, agentId)], null));
    }

    [Fact]
    public async Task AnAgentListedTwice_IsRefused()
    {
        var userId = await AgentAsync("twin");

        var error = await Assert.ThrowsAsync<ValidationError>(() =>
            Directory.CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(userId, "twin"), new PanelAgent(userId, "twin")], null));

        Assert.Contains("distinct-agents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonasAndAgentsTogether_CountAgainstPanelMaxPersonas()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.PanelMaxPersonas = 2);
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "a1")).SaveAsync(new AgentDefinition { Instructions = "x" });

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("t", ["p1", "p2"], [new PanelAgent("alice", "a1")], null));

        Assert.Equal(("PanelMaxPersonas", 2L, 3L), (error.LimitName, error.Limit, error.Actual));
    }

    [Fact]
    public async Task APanelWithNeitherPersonasNorAgents_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ValidationError>(() => Directory.CreatePanelWithAgentsAsync("t", [], [], null));

        Assert.Contains("at least one persona or agent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APatch_AddsAndRemovesAgents_KeptInThePanelsState_AndTheirRolesFollow()
    {
        var userId = await AgentAsync("critic");
        await _chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, "planner")).SaveAsync(new AgentDefinition { Instructions = "Plan." });
        var panel = await Directory.CreatePanelWithAgentsAsync("debate", ["tutor"], [new PanelAgent(userId, "critic")], null);
        var grain = _chat.Client.GetGrain<IPanelGrain>(panel.Id);

        var updated = await grain.UpdateAsync(new PanelPatch { AddAgents = [new PanelAgent(userId, "planner")], RemoveAgents = [new PanelAgent(userId, "critic")] });
        var again = await grain.UpdateAsync(new PanelPatch { AddAgents = [new PanelAgent(userId, "planner")] });

        Assert.Equal([new PanelAgent(userId, "planner")], updated.Agents);
        Assert.Equal(updated.Agents, again.Agents);
        Assert.Equal(updated.Agents, (await grain.GetAsync())!.Agents);
        Assert.Equal(["tutor"], updated.Personas);
        Assert.Equal($"{userId}/planner", (await grain.AddMessageAsync(new NewMessage { Role = $"{userId}/planner", Content = "Plan A." })).Role);
        var gone = await Assert.ThrowsAsync<ValidationError>(() => grain.AddMessageAsync(new NewMessage { Role = $"{userId}/critic", Content = "No." }));
        Assert.Contains("panel-role", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APatchAddingAnAgentThatDoesNotExist_IsRefusedNamingIt_AndChangesNothing()
    {
        var userId = await AgentAsync("critic");
        var panel = await Directory.CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(userId, "critic")], null);
        var grain = _chat.Client.GetGrain<IPanelGrain>(panel.Id);

        var error = await Assert.ThrowsAsync<NotFoundError>(() => grain.UpdateAsync(new PanelPatch { AddAgents = [new PanelAgent(userId, "ghost")], AddPersonas = ["tutor"] }));

        Assert.Contains($"agent ghost of user {userId} does not exist", error.Message, StringComparison.Ordinal);
        var unchanged = (await grain.GetAsync())!;
        Assert.Equal([new PanelAgent(userId, "critic")], unchanged.Agents!);
        Assert.Empty(unchanged.Personas);
    }

    [Theory]
    [InlineData("../etc", "critic")]
    [InlineData("alice", "a/b")]
    public async Task APatchWithHostileAgentIds_IsRefusedNamingTheField(string userId, string agentId)
    {
        var owner = await AgentAsync("critic");
        var panel = await Directory.CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(owner, "critic")], null);

        var error = await Assert.ThrowsAsync<ValidationError>(() => _chat.Client.GetGrain<IPanelGrain>(panel.Id)
            .UpdateAsync(new PanelPatch { RemoveAgents = [new PanelAgent(userId, agentId)] }));

        Assert.Contains(userId == "alice" ? "agent id" : "user id in removeAgents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APatchAddingAndRemovingTheSameAgent_OrRemovingEveryParticipant_IsRefused()
    {
        var userId = await AgentAsync("critic");
        var panel = await Directory.CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(userId, "critic")], null);
        var grain = _chat.Client.GetGrain<IPanelGrain>(panel.Id);

        var both = await Assert.ThrowsAsync<ValidationError>(() => grain.UpdateAsync(new PanelPatch
        {
            AddAgents = [new PanelAgent(userId, "critic")],
            RemoveAgents = [new PanelAgent(userId, "critic")],
        }));
        var none = await Assert.ThrowsAsync<ValidationError>(() => grain.UpdateAsync(new PanelPatch { RemoveAgents = [new PanelAgent(userId, "critic")] }));

        Assert.Contains("add-or-remove", both.Message, StringComparison.Ordinal);
        Assert.Contains("at least one persona or agent", none.Message, StringComparison.Ordinal);
    }
}
