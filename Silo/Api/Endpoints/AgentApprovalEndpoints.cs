using System.Text.Json.Nodes;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Auth;
using ChatDb.Storage.Keys;
using Microsoft.OpenApi;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>The user's decision on a tool call an agent run waits for (docs/AGENTS.md, "Approvals").</summary>
internal static class AgentApprovalEndpoints
{
    /// <summary>
    /// The OpenAPI extension naming the status an operation's example gets from a fresh silo when the state it acts on
    /// cannot be made by requests alone (a run waiting for approval needs a model that asks for such a tool).
    /// </summary>
    public const string ExampleStatusExtension = "x-example-status";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/users/{userId}/agents/{agentId}/runs/{runId}/approvals", DecideAsync).WithTags("Agents").RequireUserScope()
            .Accepts<AgentApprovalDecision>(ApiContentTypes.Json).Produces<AgentRun>()
            .Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json)
            .Produces<ApiError>(StatusCodes.Status409Conflict, ApiContentTypes.Json)
            .WithName("DecideAgentApproval")
            .WithDescription("Approves or rejects the tool call an awaiting_approval run waits for; answers the run as it is at that moment. "
                + "404 for an unknown run or a callId that is not the pending one (the message names both), 409 when the run is not awaiting approval. "
                + "The example answers 409 on a fresh silo: no run there waits for approval.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[ExampleStatusExtension] = new JsonNodeExtension(JsonValue.Create(StatusCodes.Status409Conflict));
                return Task.CompletedTask;
            });
    }

    private static async Task<IResult> DecideAsync(string userId, string agentId, string runId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var user = rules.UserId(userId);
        var agent = ChatGrainKeys.AgentId(agentId);
        var run = ChatGrainKeys.RunId(runId);
        var subject = $"approval of run {run} of agent {agent} of user {user}";
        var decision = await RequestBody.ReadJsonAsync(context, AgentJsonContext.Default.AgentApprovalDecision, rules.JsonBody, subject);
        var answered = await grains.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(user, agent, run)).DecideApprovalAsync(decision);
        return ApiResults.Ok(answered, AgentJsonContext.Default.AgentRun);
    }
}
