using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Panels;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Grains.Tests.MultiAgent;

public sealed class PanelRunStreamTests
{
    /// <summary>Stream pulling agents run on the grains' clock, so this cluster keeps real time (as the agent trace stream test does).</summary>
    [Fact]
    public async Task EveryDecisionAndMessage_IsPublishedOnThePanelsMultiAgentStream_InTheOrderItWasStored()
    {
        var cluster = TestClusters.Build(TimeProvider.System, silo => silo.AddMemoryGrainStateStorageAsDefault().AddMemoryGrainLogStorageAsDefault().AddMemoryGrainFileStorageAsDefault());
        await TestClusters.DeployAsync(cluster);
        await using var _ = cluster;
        foreach (var agent in (string[])["ana", "bo"])
        {
            await cluster.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", agent)).SaveAsync(new AgentDefinition { Instructions = "x" });
        }

        var panel = await cluster.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("debate", null, [new PanelAgent("alice", "ana"), new PanelAgent("alice", "bo")], null);
        var received = new List<PanelTraceEvent>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = cluster.GetSiloServiceProvider().GetRequiredService<IClusterClient>().GetStreamProvider(ChatStreams.DefaultProviderName)
            .GetStream<PanelTraceEvent>(StreamId.Create(PanelRunStreams.Namespace, panel.Id));
        await stream.SubscribeAsync((item, _) =>
        {
            lock (received)
            {
                received.Add(item);
                if (item.Kind == PanelTraceKinds.RunFinished)
                {
                    finished.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });
        var runId = ChatGrainKeys.NewRunId();

        await cluster.Client.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panel.Id, runId))
            .RunAsync(new PanelRunRequest { Input = "Lisbon?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 2 });
        await TestClusters.Within(finished.Task, $"the run_finished event of run {runId} on stream multi-agent/{panel.Id}");

        var stored = await cluster.Client.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panel.Id, runId)).GetTraceAsync();
        Assert.Equal(stored.Select(e => (e.Seq, e.Kind)), received.Select(e => (e.Seq, e.Kind)));
        Assert.Equal(["alice/ana", "alice/bo"], received.Where(e => e.Kind == PanelTraceKinds.SpeakerSelected).Select(e => e.Speaker));
        Assert.Equal(["user", "alice/ana", "alice/bo"], received.Where(e => e.Kind == PanelTraceKinds.MessageAppended).Select(e => e.Role));
        Assert.All(received, e => Assert.Equal((runId, panel.Id), (e.RunId, e.PanelId)));
    }
}
