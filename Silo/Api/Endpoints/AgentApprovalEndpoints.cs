using System.Text.Json.Nodes;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
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

    /// <summary>Maps <c>runs/{runId}/approvals</c> into an agent's route group (a user's agent, or a global agent run by the user).</summary>
    public static void Map(RouteGroupBuilder agent, bool global)
    {
        agent.MapPost("/runs/{runId}/approvals", DecideAsync)
            .Accepts<AgentApprovalDecision>(ApiContentTypes.Json).Produces<AgentRun>()
            .Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json)
            .Produces<ApiError>(StatusCodes.Status409Conflict, ApiContentTypes.Json)
            .WithName(GlobalAgentRunRoute.Name("DecideAgentApproval", global))
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
        var grain = AgentEndpoints.Run(context, rules, grains, userId, agentId, runId, out var subject);
        var decision = await RequestBody.ReadJsonAsync(context, AgentJsonContext.Default.AgentApprovalDecision, rules.JsonBody, "approval of " + subject);
        var answered = await grain.DecideApprovalAsync(decision);
        return ApiResults.Ok(answered, AgentJsonContext.Default.AgentRun);
    }
}
