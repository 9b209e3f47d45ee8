using System.Diagnostics;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents;

/// <summary>
/// The activities of agent runs (<see cref="SourceName"/>), named and tagged after the OpenTelemetry GenAI semantic
/// conventions: one <c>invoke_agent {agentId}</c> per run, a child <c>chat {model}</c> per model call and
/// <c>execute_tool {tool}</c> per tool call. Nothing is recorded unless a listener (an OpenTelemetry tracer provider
/// that adds this source) samples it. Prompts, answers and tool arguments are never tags.
/// </summary>
public static class AgentTelemetry
{
    /// <summary>The name of the activity source.</summary>
    public const string SourceName = "ChatDb.Agents";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartRun(AgentRunKey key, string sessionId, Agent agent, ModelEntry model)
    {
        var activity = Source.StartActivity($"invoke_agent {key.AgentId}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "invoke_agent");
            activity.SetTag("gen_ai.agent.id", key.AgentId);
            activity.SetTag("gen_ai.agent.name", agent.Name);
            activity.SetTag("gen_ai.conversation.id", sessionId);
            activity.SetTag("gen_ai.provider.name", model.Provider);
            activity.SetTag("gen_ai.request.model", model.Model);
            activity.SetTag("chatdb.user.id", key.UserId);
            activity.SetTag("chatdb.run.id", key.RunId);
            activity.SetTag("chatdb.agent.version", agent.Version);
            if (key.GlobalAgent)
            {
                // A global agent run by the user: gen_ai.agent.id alone would not tell it from the user's own agent of that id.
                activity.SetTag("chatdb.agent.global", true);
            }
        }

        return activity;
    }

    public static void EndRun(Activity? activity, AgentRun run)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("gen_ai.usage.input_tokens", run.Usage.InputTokens);
        activity.SetTag("gen_ai.usage.output_tokens", run.Usage.OutputTokens);
        activity.SetTag("chatdb.run.status", run.Status);
        activity.SetTag("chatdb.run.stop_reason", run.StopReason);
        if (run.Status == AgentRunStatuses.Failed)
        {
            activity.SetTag("error.type", run.StopReason);
            activity.SetStatus(ActivityStatusCode.Error, run.Error);
        }
    }

    public static Activity? StartModelCall(ModelEntry model)
    {
        var activity = Source.StartActivity($"chat {model.Model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.provider.name", model.Provider);
            activity.SetTag("gen_ai.request.model", model.Model);
        }

        return activity;
    }

    public static void EndModelCall(Activity? activity, ChatResponse response, long inputTokens, long outputTokens)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("gen_ai.usage.input_tokens", inputTokens);
        activity.SetTag("gen_ai.usage.output_tokens", outputTokens);
        if (response.ModelId is { } responseModel)
        {
            activity.SetTag("gen_ai.response.model", responseModel);
        }

        if (response.FinishReason is { } finish)
        {
            activity.SetTag("gen_ai.response.finish_reasons", new[] { finish.Value });
        }
    }

    public static Activity? StartToolCall(FunctionCallContent call)
    {
        var activity = Source.StartActivity($"execute_tool {call.Name}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "execute_tool");
            activity.SetTag("gen_ai.tool.name", call.Name);
            activity.SetTag("gen_ai.tool.call.id", call.CallId);
            activity.SetTag("gen_ai.tool.type", "function");
        }

        return activity;
    }

    /// <summary>Marks an activity failed by <paramref name="error"/> (its type name, never its message's data).</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("error.type", error.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
    }
}
