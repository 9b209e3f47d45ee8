using System.Globalization;
using System.Text.Json;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace ChatDb.Grains.Agents;

/// <summary>
/// The tool calls of one model answer: each waits for approval when the agent requires it, runs within
/// <c>Agents:ToolTimeoutSeconds</c>, is capped at <c>Agents:MaxToolResultChars</c>, is traced with its arguments
/// redacted, and gives one result part. Whatever a tool does, the model gets a result and the run goes on.
/// </summary>
public sealed partial class AgentRunGrain
{
    /// <summary>The longest reason a decision may give, in characters.</summary>
    public const int MaxApprovalReasonLength = 1_000;

    private AgentToolCatalog? _toolCatalog;
    private AgentToolOptions? _toolOptions;
    private PendingDecision? _pendingDecision;

    // Taken from the activation's services rather than the constructor, so that the tool path keeps to this file.
    private AgentToolCatalog ToolCatalog => _toolCatalog ??= ServiceProvider.GetRequiredService<AgentToolCatalog>();

    private AgentToolOptions ToolOptions => _toolOptions ??= ServiceProvider.GetRequiredService<IOptions<AgentToolOptions>>().Value;

    /// <summary>The agent's tools, acting for the run's owner on the run's session.</summary>
    private IReadOnlyList<AIFunction> ToolsFor(Agent agent, AgentRun run) =>
        ToolCatalog.For(agent.Tools, GrainFactory, new AgentToolContext(_key.UserId, run.SessionId, _key.RunId));

    public Task<AgentRun> DecideApprovalAsync(AgentApprovalDecision decision)
    {
        if (decision is null || string.IsNullOrWhiteSpace(decision.CallId))
        {
            throw new ValidationError($"{Subject}: the decision needs a callId (rule: required).");
        }

        if (decision.Reason is { Length: > MaxApprovalReasonLength })
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{Subject}: reason is rejected by rule 'max-length': at most {MaxApprovalReasonLength} characters ({decision.Reason.Length} given)."));
        }

        var run = Current ?? throw new NotFoundError($"{Subject} does not exist.");
        if (run.Status != AgentRunStatuses.AwaitingApproval || _pendingDecision is not { } pending)
        {
            throw new InconsistentStateException($"{Subject} is {run.Status}, not {AgentRunStatuses.AwaitingApproval}; there is nothing to decide.");
        }

        if (!string.Equals(pending.CallId, decision.CallId, StringComparison.Ordinal))
        {
            throw new NotFoundError($"{Subject} has no pending tool call {IdText.Escape(decision.CallId)}; it waits for call {IdText.Escape(pending.CallId)}.");
        }

        if (!pending.Decision.TrySetResult(decision))
        {
            throw new InconsistentStateException($"{Subject}: tool call {IdText.Escape(decision.CallId)} is already decided.");
        }

        return Task.FromResult(run);
    }

    /// <summary>Runs <paramref name="calls"/> in order, records each in <paramref name="toolCalls"/> and the trace, and returns the result parts.</summary>
    private async Task<List<MessagePart>> RunToolCallsAsync(
        Agent agent, IReadOnlyList<AIFunction> tools, IReadOnlyList<FunctionCallContent> calls, List<AgentToolCall> toolCalls, CancellationToken cancellationToken)
    {
        var results = new List<MessagePart>();
        foreach (var call in calls)
        {
            var arguments = ToolArgumentRedaction.ForTrace(call.Arguments, ToolOptions.Trace);
            JsonElement result;
            string outcome;
            double duration = 0;
            string? error = null;
            var refusal = agent.ApprovalRequired.Contains(call.Name, StringComparer.Ordinal)
                ? await AwaitApprovalAsync(call, arguments, cancellationToken)
                : null;
            if (refusal is { } refused)
            {
                (outcome, error) = refused;
                result = ErrorResult(error);
            }
            else
            {
                (result, outcome, duration, error) = await InvokeToolAsync(tools, call, cancellationToken);
                await TraceAsync(Event(AgentTraceKinds.ToolCalled) with
                {
                    Tool = call.Name,
                    CallId = call.CallId,
                    Arguments = arguments,
                    Outcome = outcome,
                    DurationMs = duration,
                    Error = error,
                });
            }

            toolCalls.Add(new AgentToolCall(call.CallId, call.Name, outcome, duration));
            results.Add(MessagePart.ToolResult(call.CallId, result));
        }

        return results;
    }

    /// <summary>
    /// Waits for the user's decision on <paramref name="call"/> (the record says <c>awaiting_approval</c> meanwhile): null
    /// when approved, else the outcome and the error the model gets. Cancelling the run ends the wait.
    /// </summary>
    private async Task<(string Outcome, string Error)?> AwaitApprovalAsync(FunctionCallContent call, JsonElement? arguments, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(ToolOptions.ApprovalTimeoutSeconds);
        var now = ChatClock.Now(_time);
        var pending = new PendingDecision(call.CallId);
        _pendingDecision = pending;
        string decided;
        string? reason = null;
        try
        {
            await _run.WriteOrRevertAsync(Current! with
            {
                Status = AgentRunStatuses.AwaitingApproval,
                PendingApproval = new AgentPendingApproval(call.CallId, call.Name, arguments, now, now + timeout),
            });
            await TraceAsync(Event(AgentTraceKinds.ApprovalRequested) with { Tool = call.Name, CallId = call.CallId, Arguments = arguments });
            try
            {
                var decision = await pending.Decision.Task.WaitAsync(timeout, _time, cancellationToken);
                decided = decision.Approved ? AgentToolOutcomes.Approved : AgentToolOutcomes.Rejected;
                reason = decision.Reason;
            }
            catch (TimeoutException)
            {
                decided = AgentToolOutcomes.TimedOut;
            }
        }
        finally
        {
            _pendingDecision = null;
            if (Current is { Status: AgentRunStatuses.AwaitingApproval } waiting)
            {
                await _run.WriteOrRevertAsync(waiting with { Status = AgentRunStatuses.Running, PendingApproval = null });
            }
        }

        await TraceAsync(Event(AgentTraceKinds.ApprovalDecided) with { Tool = call.Name, CallId = call.CallId, Outcome = decided, Error = reason });
        return decided switch
        {
            AgentToolOutcomes.Approved => null,
            AgentToolOutcomes.Rejected => (AgentToolOutcomes.Rejected,
                reason is null ? $"tool '{call.Name}' was rejected by the user." : $"tool '{call.Name}' was rejected by the user: {reason}"),
            _ => (AgentToolOutcomes.ApprovalTimedOut, string.Create(CultureInfo.InvariantCulture,
                $"tool '{call.Name}': approval timed out after {timeout.TotalSeconds} s (Agents:ApprovalTimeoutSeconds); the tool did not run.")),
        };
    }

    /// <summary>Runs one tool (<see cref="AgentToolInvoker"/>): whatever it does, the model gets a result.</summary>
    private async Task<(JsonElement Result, string Outcome, double DurationMs, string? Error)> InvokeToolAsync(
        IReadOnlyList<AIFunction> tools, FunctionCallContent call, CancellationToken cancellationToken)
    {
        var (result, outcome, duration, error) = await new AgentToolInvoker(ToolOptions, _time, _logger)
            .InvokeAsync(tools, call, _key.UserId, _key.RunId, cancellationToken);
        return (result, outcome, duration, error);
    }

    private static JsonElement ErrorResult(string message) => AgentToolInvoker.ErrorResult(message);

    /// <summary>The call a run waits to have decided, and where the decision arrives.</summary>
    private sealed class PendingDecision(string callId)
    {
        public string CallId { get; } = callId;

        public TaskCompletionSource<AgentApprovalDecision> Decision { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
