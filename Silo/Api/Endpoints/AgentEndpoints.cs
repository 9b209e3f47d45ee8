using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Events;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage.Keys;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// Agents (docs/AGENTS.md): a user's own under <c>/users/{userId}/agents/{agentId}</c> with their runs and traces,
/// global ones under <c>/agents/{agentId}</c> (admin), a user's runs of a global agent under
/// <c>/users/{userId}/global-agents/{agentId}/runs</c>, and the configured models at <c>/models</c> (admin).
/// </summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/models", ListModelsAsync).WithTags("Agents").Produces<IReadOnlyList<ModelInfo>>().WithName("ListModels")
            .WithDescription("The configured models (Models:{name}): name, provider, kind and model id; never keys or endpoints.");
        api.MapGet("/agents", ListAsync).WithTags("Agents").Produces<IReadOnlyList<Agent>>().WithName("ListGlobalAgents");
        MapScope(api.MapGroup("/agents/{agentId}").WithTags("Agents"), "Global");

        var users = api.MapGroup("/users/{userId}/agents").WithTags("Agents").RequireUserScope();
        users.MapGet("/", ListAsync).Produces<IReadOnlyList<Agent>>().WithName("ListUserAgents");
        var agent = users.MapGroup("/{agentId}");
        MapScope(agent, "User");

        MapRuns(agent, global: false);

        // A user runs a global agent on their own session; the runs are kept under the user.
        MapRuns(api.MapGroup("/users/{userId}/global-agents/{agentId}").WithTags("Agents").RequireUserScope().WithMetadata(GlobalAgentRunRoute.Instance), global: true);
    }

    /// <summary>The run routes, once for a user's own agent and once (<paramref name="global"/>) for a global agent run by the user.</summary>
    private static void MapRuns(RouteGroupBuilder agent, bool global)
    {
        string Name(string name) => GlobalAgentRunRoute.Name(name, global);
        var which = global ? "the global agent" : "the agent";
        agent.MapPost("/runs", RunAsync).Accepts<AgentRunRequest>(ApiContentTypes.Json).Produces<AgentRun>(StatusCodes.Status201Created)
            .Produces<AgentRun>(StatusCodes.Status202Accepted).Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream).WithName(Name("RunAgent"))
            .WithDescription((global
                    ? "Runs one turn of the global agent on a session of the user, with the user's rights only (the run and its trace are kept under the user): "
                    : "Runs one turn on a session of the same user: ")
                + "appends the input (once per messageId), calls the model and appends "
                + "the answer. 201 with the finished run, also when the run failed or was cancelled (status, stopReason and error say so). "
                + "With \"wait\": false, 202 with the run still queued at once (Location: the run); it proceeds on its own. With \"stream\": true, "
                + "200 text/event-stream: 'delta' events ({\"kind\":\"delta\",\"text\":...}) as the answer arrives, then one 'run' event with "
                + "the ended run; a client that disconnects does not cancel the run.");
        agent.MapGet("/runs", ListRunsAsync).Produces<IReadOnlyList<AgentRun>>().WithName(Name("ListAgentRuns"))
            .WithDescription(global ? "The user's runs of the global agent, newest first." : "The agent's runs, newest first.").WithQuery(ApiQuery.Limit);
        agent.MapGet("/runs/{runId}", GetRunAsync).Produces<AgentRun>().WithName(Name("GetAgentRun"));
        agent.MapDelete("/runs/{runId}", CancelRunAsync).Produces<AgentRun>().WithName(Name("CancelAgentRun"))
            .WithDescription("Cancels the run if it is still running and answers the run as it is now; the record stays.");
        agent.MapGet("/runs/{runId}/trace", GetTraceAsync).Produces<IReadOnlyList<AgentTraceEvent>>().WithName(Name("GetAgentRunTrace"))
            .WithDescription($"Every step of the run of {which}, oldest first: run_started, message_appended, prompt_built, model_called, tool_called, run_finished / run_failed / run_cancelled.");
        agent.MapGet("/runs/{runId}/events", TraceEventsAsync).Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream).WithName(Name("AgentRunEvents"))
            .WithDescription("text/event-stream of the run's trace: per event an 'id:' line (its trace seq) and one 'data:' line of JSON (an "
                + "AgentTraceEvent). The stored events first (after Last-Event-ID when given), then the new ones as the run appends them; "
                + "the stream ends when the run has ended.")
            .WithLastEventId();
        AgentApprovalEndpoints.Map(agent, global);
    }

    private static void MapScope(RouteGroupBuilder agent, string scope)
    {
        agent.MapPut("/", SaveAsync).Accepts<AgentDefinition>(ApiContentTypes.Json).Produces<Agent>().WithName($"Put{scope}Agent").WithIfMatch()
            .WithDescription("Saves a new version of the agent. An unknown model or tool is refused with 400 naming it.");
        agent.MapGet("/", GetAsync).Produces<Agent>().WithName($"Get{scope}Agent").WithETagRead();
        agent.MapDelete("/", DeleteAsync).Produces(StatusCodes.Status204NoContent).WithName($"Delete{scope}Agent").WithIfMatch(answersWithETagOn: null)
            .WithDescription("Removes the agent with its versions, runs and traces.");
        agent.MapGet("/versions", ListVersionsAsync).Produces<IReadOnlyList<AgentVersionInfo>>().WithName($"List{scope}AgentVersions");
        agent.MapGet("/versions/{version:int}", GetVersionAsync).Produces<Agent>().WithName($"Get{scope}AgentVersion");
    }

    /// <summary>The agent grain for the route: a user's own when the route has a userId, else the global one.</summary>
    private static IAgentGrain Agent(HttpContext context, IGrainFactory grains, ApiRules rules, string agentId, out string subject)
    {
        // Read from the route only: a userId in the query string must never turn a global route into a user's.
        var userId = context.GetRouteValue("userId") as string;
        var agent = ChatGrainKeys.AgentId(agentId);
        if (userId is null)
        {
            subject = $"global agent {agent}";
            return grains.GetGrain<IAgentGrain>(ChatGrainKeys.GlobalAgent(agent));
        }

        var user = rules.UserId(userId);
        subject = $"agent {agent} of user {user}";
        return grains.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(user, agent));
    }

    /// <summary>The run grain for the route: of the user's own agent, or (on a global-agent run route) of the global agent run by the user.</summary>
    internal static IAgentRunGrain Run(HttpContext context, ApiRules rules, IGrainFactory grains, string userId, string agentId, string runId, out string subject)
    {
        var user = rules.UserId(userId);
        var agent = ChatGrainKeys.AgentId(agentId);
        var run = ChatGrainKeys.RunId(runId);
        if (GlobalAgentRunRoute.Is(context))
        {
            subject = $"run {run} of global agent {agent} by user {user}";
            return grains.GetGrain<IAgentRunGrain>(ChatGrainKeys.GlobalAgentRun(user, agent, run));
        }

        subject = $"run {run} of agent {agent} of user {user}";
        return grains.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(user, agent, run));
    }

    private static async Task<IResult> SaveAsync(string agentId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Agent(context, grains, rules, agentId, out var subject);
        var definition = await RequestBody.ReadJsonAsync(context, AgentJsonContext.Default.AgentDefinition, rules.JsonBody, subject);
        var saved = await grain.SaveIfMatchAsync(definition, EntityTagHeaders.IfMatch(context.Request));
        return TaggedResults.Written(context, saved, AgentJsonContext.Default.Agent);
    }

    private static async Task<IResult> GetAsync(string agentId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Agent(context, grains, rules, agentId, out var subject);
        return await grain.GetWithETagAsync() is { } agent
            ? TaggedResults.Read(context, agent, AgentJsonContext.Default.Agent)
            : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> DeleteAsync(string agentId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Agent(context, grains, rules, agentId, out var subject);
        return await grain.DeleteIfMatchAsync(EntityTagHeaders.IfMatch(context.Request)) > 0 ? Results.NoContent() : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> ListVersionsAsync(string agentId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var versions = await Agent(context, grains, rules, agentId, out _).ListVersionsAsync();
        return ApiResults.Ok(versions, AgentJsonContext.Default.IReadOnlyListAgentVersionInfo);
    }

    private static async Task<IResult> GetVersionAsync(string agentId, int version, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Agent(context, grains, rules, agentId, out var subject);
        return await grain.GetVersionAsync(version) is { } agent
            ? ApiResults.Ok(agent, AgentJsonContext.Default.Agent)
            : ApiResults.NotFound($"{subject} has no version {version}.");
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var userId = context.GetRouteValue("userId") is string user ? rules.UserId(user) : null;
        var agents = await grains.GetGrain<IAgentCatalogGrain>(ChatGrainKeys.AgentCatalog(userId)).ListAsync();
        return ApiResults.Ok(agents, AgentJsonContext.Default.IReadOnlyListAgent);
    }

    private static async Task<IResult> ListModelsAsync(IGrainFactory grains)
    {
        var models = await grains.GetGrain<IModelCatalogGrain>(ChatGrainKeys.Global).ListAsync();
        return ApiResults.Ok(models, AgentJsonContext.Default.IReadOnlyListModelInfo);
    }

    private static async Task<IResult> RunAsync(string userId, string agentId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var runId = ChatGrainKeys.NewRunId();
        var grain = Run(context, rules, grains, userId, agentId, runId, out var subject);
        var request = await RequestBody.ReadJsonAsync(context, AgentJsonContext.Default.AgentRunRequest, rules.JsonBody, "new " + subject);
        if (request.Stream == true)
        {
            // Started first, so a bad request, agent or session is an ordinary error response before any event.
            var started = await grain.StartAsync(request);
            context.Response.Headers.Location = RunLocation(started);
            await StreamRunAsync(context, grain);
            return Results.Empty;
        }

        if (request.Wait == false)
        {
            var queued = await grain.StartAsync(request);
            context.Response.Headers.Location = RunLocation(queued);
            return Results.Json(queued, AgentJsonContext.Default.AgentRun, statusCode: StatusCodes.Status202Accepted);
        }

        var run = await grain.RunAsync(request);
        return ApiResults.Created(context, RunLocation(run), run, AgentJsonContext.Default.AgentRun);
    }

    private static string RunLocation(AgentRun run) =>
        $"/users/{run.UserId}/{(run.GlobalAgent ? "global-agents" : "agents")}/{run.AgentId}/runs/{run.Id}";

    /// <summary>The run's updates as server-sent events: <c>delta</c> per piece of text, then <c>run</c> with the ended run.</summary>
    private static async Task StreamRunAsync(HttpContext context, IAgentRunGrain grain)
    {
        var cancellationToken = context.RequestAborted;
        ServerSentEventWriter.Begin(context);
        try
        {
            await foreach (var update in grain.FollowAsync(cancellationToken).WithCancellation(cancellationToken))
            {
                if (update is { Kind: AgentRunUpdateKinds.Run, Run: { } run })
                {
                    await ServerSentEventWriter.WriteJsonEventAsync(context.Response.Body, null, AgentRunUpdateKinds.Run, run, AgentJsonContext.Default.AgentRun, cancellationToken);
                }
                else
                {
                    await ServerSentEventWriter.WriteJsonEventAsync(context.Response.Body, null, update.Kind, update, AgentJsonContext.Default.AgentRunUpdate, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the run goes on in its grain.
        }
    }

    private static async Task<IResult> TraceEventsAsync(string userId, string agentId, string runId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(context, rules, grains, userId, agentId, runId, out var subject);
        var after = ChatEventFeed.LastEventId(context.Request) ?? 0;
        if (await grain.GetAsync() is null)
        {
            return ApiResults.NotFound($"{subject} does not exist.");
        }

        var cancellationToken = context.RequestAborted;
        ServerSentEventWriter.Begin(context);
        try
        {
            await foreach (var traceEvent in grain.FollowTraceAsync(after, cancellationToken).WithCancellation(cancellationToken))
            {
                await ServerSentEventWriter.WriteJsonEventAsync(context.Response.Body, traceEvent.Seq, null, traceEvent, AgentJsonContext.Default.AgentTraceEvent, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client disconnected: the normal end of an event stream.
        }

        return Results.Empty;
    }

    private static async Task<IResult> ListRunsAsync(string userId, string agentId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var (user, agent) = (rules.UserId(userId), ChatGrainKeys.AgentId(agentId));
        var limit = rules.PageSize(context.Request) ?? rules.MaxPageSize;
        var runs = GlobalAgentRunRoute.Is(context)
            ? await grains.GetGrain<IGlobalAgentRunsGrain>(ChatGrainKeys.GlobalAgentRuns(user, agent)).ListRunsAsync(limit)
            : await grains.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(user, agent)).ListRunsAsync(limit);
        return ApiResults.Ok(runs, AgentJsonContext.Default.IReadOnlyListAgentRun);
    }

    private static async Task<IResult> GetRunAsync(string userId, string agentId, string runId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(context, rules, grains, userId, agentId, runId, out var subject);
        return await grain.GetAsync() is { } run ? ApiResults.Ok(run, AgentJsonContext.Default.AgentRun) : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> CancelRunAsync(string userId, string agentId, string runId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(context, rules, grains, userId, agentId, runId, out var subject);
        return await grain.CancelAsync() is { } run ? ApiResults.Ok(run, AgentJsonContext.Default.AgentRun) : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> GetTraceAsync(string userId, string agentId, string runId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(context, rules, grains, userId, agentId, runId, out var subject);
        if (await grain.GetAsync() is null)
        {
            return ApiResults.NotFound($"{subject} does not exist.");
        }

        return ApiResults.Ok(await grain.GetTraceAsync(), AgentJsonContext.Default.IReadOnlyListAgentTraceEvent);
    }
}
