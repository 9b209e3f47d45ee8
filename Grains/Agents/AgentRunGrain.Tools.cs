using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents;

/// <summary>The tool calls of one model answer: each tool runs, is traced and gives one result part.</summary>
public sealed partial class AgentRunGrain
{
    /// <summary>Runs <paramref name="calls"/> in order, records each in <paramref name="toolCalls"/> and the trace, and returns the result parts.</summary>
    private async Task<List<MessagePart>> RunToolCallsAsync(
        IReadOnlyList<AIFunction> tools, IReadOnlyList<FunctionCallContent> calls, List<AgentToolCall> toolCalls, CancellationToken cancellationToken)
    {
        var results = new List<MessagePart>();
        foreach (var call in calls)
        {
            var (result, outcome, duration) = await InvokeToolAsync(tools, call, cancellationToken);
            toolCalls.Add(new AgentToolCall(call.CallId, call.Name, outcome, duration));
            await TraceAsync(Event(AgentTraceKinds.ToolCalled) with { Tool = call.Name, Outcome = outcome, DurationMs = duration });
            results.Add(MessagePart.ToolResult(call.CallId, result));
        }

        return results;
    }

    /// <summary>A tool that is unknown or throws gives the model an error result; it never fails the run.</summary>
    private async Task<(JsonElement Result, string Outcome, double DurationMs)> InvokeToolAsync(
        IReadOnlyList<AIFunction> tools, FunctionCallContent call, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var tool = tools.FirstOrDefault(t => t.Name == call.Name)
                ?? throw new ValidationError($"tool '{call.Name}' is not one of this agent's tools.");
            var result = await tool.InvokeAsync(new AIFunctionArguments(call.Arguments), cancellationToken);
            return (AgentMessageConversions.ToJson(result), "ok", _time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var message = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = error.Message }, AIJsonUtilities.DefaultOptions);
            return (message, "error", _time.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
