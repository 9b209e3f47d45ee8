using ChatDb.Grains;
using ChatDb.Grains.Models;
using Orleans;
using ChatDb.Storage.Keys;

namespace ChatDb.Benchmarks.Scenarios.Agents;

/// <summary>
/// What the agent scenarios share: a user's agent on the offline model that may call <c>current_time</c>, and one run
/// of it whose input makes the model ask for that tool, so a run is a prompt build, two model calls, one tool call,
/// four appended messages and the trace.
/// </summary>
internal static class AgentRunBench
{
    public const string AgentId = "bench";

    /// <summary>The offline model turns this input into a call of the tool, then answers with its result.</summary>
    public const string ToolInput = "/tool current_time";

    public static Task SaveAgentAsync(IGrainFactory grains, string userId) =>
        grains.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, AgentId)).SaveAsync(new AgentDefinition
        {
            Instructions = "You answer briefly.",
            Tools = ["current_time"],
        });

    /// <summary>Runs one turn on the session; throws when the run does not succeed, so no figure is taken from a failed run.</summary>
    public static async Task<(AgentRun Run, IAgentRunGrain Grain)> RunAsync(IGrainFactory grains, string userId, string sessionId)
    {
        var grain = grains.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, AgentId, ChatGrainKeys.NewRunId()));
        var run = await grain.RunAsync(new AgentRunRequest { SessionId = sessionId, Input = ToolInput });
        if (run.Status != AgentRunStatuses.Succeeded)
        {
            throw new InvalidOperationException($"benchmark run {run.Id} ended {run.Status}: {run.Error}");
        }

        return (run, grain);
    }
}
