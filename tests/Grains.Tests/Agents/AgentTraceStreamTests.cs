using ChatDb.Grains.Agents;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Grains.Tests.Agents;

public sealed class AgentTraceStreamTests
{
    /// <summary>Stream pulling agents run on the grains' clock, so this cluster keeps real time (as EventTests do).</summary>
    [Fact]
    public async Task EveryTraceEvent_IsPublishedOnTheUsersAndTheRunsTraceStreams_InTheOrderItWasStored()
    {
        var cluster = TestClusters.Build(TimeProvider.System, silo => silo.AddMemoryGrainStateStorageAsDefault().AddMemoryGrainLogStorageAsDefault().AddMemoryGrainFileStorageAsDefault());
        await TestClusters.DeployAsync(cluster);
        await using var _ = cluster;
        var received = new List<AgentTraceEvent>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = cluster.GetSiloServiceProvider().GetRequiredService<IClusterClient>().GetStreamProvider(ChatStreams.DefaultProviderName)
            .GetStream<AgentTraceEvent>(StreamId.Create(AgentTraceStreams.Namespace, "alice"));
        await stream.SubscribeAsync((item, _) =>
        {
            lock (received)
            {
                received.Add(item);
                if (item.Kind == AgentTraceKinds.RunFinished)
                {
                    finished.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });
        await cluster.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "echo")).SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await cluster.Client.GetGrain<IUserGrain>("alice").CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();
        var ofTheRun = new List<AgentTraceEvent>();
        var runFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runStream = cluster.GetSiloServiceProvider().GetRequiredService<IClusterClient>().GetStreamProvider(ChatStreams.DefaultProviderName)
            .GetStream<AgentTraceEvent>(StreamId.Create(AgentTraceStreams.RunNamespace, $"alice/echo/{runId}"));
        await runStream.SubscribeAsync((item, _) =>
        {
            lock (ofTheRun)
            {
                ofTheRun.Add(item);
                if (item.Kind == AgentTraceKinds.RunFinished)
                {
                    runFinished.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });

        await cluster.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "echo", runId)).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" });
        await TestClusters.Within(finished.Task, $"the run_finished event of run {runId} on stream traces/alice");

        var stored = await cluster.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "echo", runId)).GetTraceAsync();
        Assert.Equal(stored.Select(e => (e.Seq, e.Kind)), received.Select(e => (e.Seq, e.Kind)));
        Assert.All(received, e => Assert.Equal(runId, e.RunId));
        await TestClusters.Within(runFinished.Task, $"the run_finished event on stream agent-runs/alice/echo/{runId}");
        Assert.Equal(stored.Select(e => (e.Seq, e.Kind)), ofTheRun.Select(e => (e.Seq, e.Kind)));
    }
}
