using System.Globalization;
using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Agents.Tools;

/// <summary>
/// One tool call of an agent, the same in an agent run and in a panel run: bounded by <c>Agents:ToolTimeoutSeconds</c>,
/// capped at <c>Agents:MaxToolResultChars</c>, and always a result for the model.
/// </summary>
internal sealed class AgentToolInvoker(AgentToolOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>What a call gave.</summary>
    /// <param name="Result">The result the model gets (an error object when the tool failed).</param>
    /// <param name="Kind">One of <see cref="AgentToolOutcomes"/>.</param>
    /// <param name="DurationMs">How long the tool ran.</param>
    /// <param name="Error">What went wrong, when something did.</param>
    public sealed record Outcome(JsonElement Result, string Kind, double DurationMs, string? Error);

    /// <summary>The arguments of <paramref name="call"/> as the trace shows them (<c>Agents:Trace</c>).</summary>
    public JsonElement? ForTrace(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ToolArgumentRedaction.ForTrace(call.Arguments, options.Trace);
    }

    /// <summary>The result of a call that did not run or failed: <c>{"error": message}</c>.</summary>
    public static JsonElement ErrorResult(string message) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = message }, AIJsonUtilities.DefaultOptions);

    /// <summary>
    /// Runs one tool within <c>Agents:ToolTimeoutSeconds</c>. A tool that is unknown, throws, times out or answers more
    /// than <c>Agents:MaxToolResultChars</c> gives the model an error (or cut) result; only the run's own cancellation passes.
    /// </summary>
    /// <param name="tools">The tools the agent was offered.</param>
    /// <param name="call">The model's call.</param>
    /// <param name="userId">The agent's owner, for the log.</param>
    /// <param name="runId">The run, for the log.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    public async Task<Outcome> InvokeAsync(
        IReadOnlyList<AIFunction> tools, FunctionCallContent call, string userId, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(call);
        using var activity = AgentTelemetry.StartToolCall(call);
        var started = time.GetTimestamp();
        double Elapsed() => time.GetElapsedTime(started).TotalMilliseconds;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.ToolTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        object? value;
        try
        {
            var tool = tools.FirstOrDefault(t => t.Name == call.Name)
                ?? throw new ValidationError($"tool '{call.Name}' is not one of this agent's tools.");

            // WaitAsync as well as the token: a tool that ignores its token still gives the run back on time.
            value = await tool.InvokeAsync(new AIFunctionArguments(call.Arguments), linked.Token).AsTask().WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"tool '{call.Name}' did not finish within {options.ToolTimeoutSeconds} s (Agents:ToolTimeoutSeconds).");
            AgentTelemetry.Failed(activity, new TimeoutException(message));
            return new Outcome(ErrorResult(message), AgentToolOutcomes.Timeout, Elapsed(), message);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            AgentLog.ToolFailed(logger, userId, runId, call.Name, error.GetType().Name);
            AgentTelemetry.Failed(activity, error);
            return new Outcome(ErrorResult(error.Message), AgentToolOutcomes.Error, Elapsed(), error.Message);
        }

        JsonElement result;
        try
        {
            result = AgentMessageConversions.ToJson(value);
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            var message = $"tool '{call.Name}' returned a value that cannot be written as JSON: {error.Message}";
            return new Outcome(ErrorResult(message), AgentToolOutcomes.Error, Elapsed(), message);
        }

        var text = result.GetRawText();
        if (text.Length <= options.MaxToolResultChars)
        {
            return new Outcome(result, AgentToolOutcomes.Ok, Elapsed(), null);
        }

        var note = string.Create(CultureInfo.InvariantCulture,
            $"tool '{call.Name}' returned {text.Length} characters, more than {options.MaxToolResultChars} (Agents:MaxToolResultChars); 'partial' holds the beginning.");
        var cut = JsonSerializer.SerializeToElement(
            new Dictionary<string, object> { ["error"] = note, ["truncated"] = true, ["partial"] = text[..options.MaxToolResultChars] },
            AIJsonUtilities.DefaultOptions);
        return new Outcome(cut, AgentToolOutcomes.Truncated, Elapsed(), note);
    }
}
