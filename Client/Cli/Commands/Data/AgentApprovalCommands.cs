using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb agent approve</c>: the user's decision on the tool call a run waits for.</summary>
internal static class AgentApprovalCommands
{
    public static Command ApproveCommand(Argument<string> agentId, Option<string> user, Option<bool> global)
    {
        var runId = new Argument<string>("run-id") { Description = "The run that awaits approval." };
        var callId = new Argument<string>("call-id") { Description = "The pending tool call (pendingApproval.callId of the run)." };
        var reject = new Option<bool>("--reject") { Description = "Reject the call: the model gets \"rejected by the user\" and the tool does not run." };
        var reason = new Option<string>("--reason") { Description = "Why, for the trace and the model." };
        var command = new Command("approve", "Approve (or with --reject, reject) the tool call a run waits for.") { agentId, runId, callId, user, reject, reason, global };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "agent approve", async (client, output, cancel) =>
        {
            var decision = new AgentApprovalDecision { CallId = parse.GetValue(callId)!, Approved = !parse.GetValue(reject), Reason = parse.GetValue(reason) };
            var (owner, agent, id) = (parse.GetValue(user)!, parse.GetValue(agentId)!, parse.GetValue(runId)!);
            var run = await (parse.GetValue(global)
                ? client.DecideGlobalAgentApprovalAsync(owner, agent, id, decision, cancel)
                : client.DecideAgentApprovalAsync(owner, agent, id, decision, cancel)).ConfigureAwait(false);
            await output.WriteAsync(run, AgentJsonContext.Default.AgentRun,
                r => [$"call {decision.CallId} of run {r.Id} {(decision.Approved ? "approved" : "rejected")}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }
}
