using System.Text.Json.Nodes;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Events;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Storage.Keys;
using Microsoft.OpenApi;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/panels/{panelId}/runs</c>: multi-agent runs of a panel (docs/MULTI_AGENT.md), shaped like agent runs.</summary>
internal static class PanelRunEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var runs = api.MapGroup("/panels/{panelId}/runs").WithTags("Panel runs");
        runs.MapPost("/", RunAsync).Accepts<PanelRunRequest>(ApiContentTypes.Json).Produces<PanelRun>(StatusCodes.Status201Created)
            .Produces<PanelRun>(StatusCodes.Status202Accepted).Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream)
            .Produces<ApiError>(StatusCodes.Status400BadRequest, ApiContentTypes.Json).WithName("RunPanel")
            .WithDescription("Runs a conversation among the panel's agents: appends the input as role user, then one agent turn at a time by the strategy "
                + "(round_robin, router, selector with a moderator, handoff, concurrent with an aggregator) until maxTurns, the stop phrase, the token "
                + "budget, the moderator's DONE, the strategy's end or a cancel. 201 with the ended run; with \"wait\": false 202 with the run queued "
                + "(Location: the run); with \"stream\": true 200 text/event-stream of the trace events, then one 'run' event with the ended run. "
                + "400 for a panel without agents; the example answers 400 on a fresh silo, whose example panel has personas only.")
            .WithExampleStatus(StatusCodes.Status400BadRequest);
        runs.MapGet("/", ListAsync).Produces<IReadOnlyList<PanelRun>>().WithName("ListPanelRuns")
            .WithDescription("The panel's runs, newest first.").WithQuery(ApiQuery.Limit);
        runs.MapGet("/{runId}", GetAsync).Produces<PanelRun>().Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json)
            .WithName("GetPanelRun").WithExampleStatus(StatusCodes.Status404NotFound);
        runs.MapGet("/{runId}/trace", TraceAsync).Produces<IReadOnlyList<PanelTraceEvent>>().Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json)
            .WithName("GetPanelRunTrace").WithExampleStatus(StatusCodes.Status404NotFound)
            .WithDescription("Every step of the run, oldest first: run_started, message_appended, speaker_selected (who and why), model_called, handoff, "
                + "selection_fallback, participant_failed, run_resumed, run_finished / run_failed / run_cancelled.");
        runs.MapGet("/{runId}/events", EventsAsync).Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream)
            .Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json).WithName("PanelRunEvents").WithExampleStatus(StatusCodes.Status404NotFound)
            .WithDescription("text/event-stream of the run's trace: per event an 'id:' line (its trace seq) and one 'data:' line of JSON. The stored "
                + "events first (after Last-Event-ID when given), then the new ones; the stream ends when the run has ended.")
            .WithLastEventId();
        runs.MapPost("/{runId}/cancel", CancelAsync).Produces<PanelRun>().Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json)
            .WithName("CancelPanelRun").WithExampleStatus(StatusCodes.Status404NotFound)
            .WithDescription("Cancels the run if it is queued or running; its completed turns stay. Answers the run as it is now.");
        runs.MapPost("/{runId}/resume", ResumeAsync).Produces<PanelRun>(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json).Produces<ApiError>(StatusCodes.Status409Conflict, ApiContentTypes.Json)
            .WithName("ResumePanelRun").WithExampleStatus(StatusCodes.Status404NotFound)
            .WithDescription("Continues a failed (e.g. interrupted by a stopping silo) or cancelled run after its last completed turn; 202 with the run "
                + "running. 409 for a run that is queued, running or succeeded.");
    }

    private static RouteHandlerBuilder WithExampleStatus(this RouteHandlerBuilder builder, int status) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            // On a fresh silo the examples reach no panel with agents, so no run exists for these routes to find.
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[AgentApprovalEndpoints.ExampleStatusExtension] = new JsonNodeExtension(JsonValue.Create(status));
            return Task.CompletedTask;
        });

    private static IPanelRunGrain Run(ApiRules rules, IGrainFactory grains, string panelId, string runId, out string subject)
    {
        var (panel, run) = (rules.PanelId(panelId), ChatGrainKeys.RunId(runId));
        subject = $"run {run} of panel {panel}";
        return grains.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panel, run));
    }

    private static string Location(PanelRun run) => $"/panels/{run.PanelId}/runs/{run.Id}";

    private static async Task<IResult> RunAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(rules, grains, panelId, ChatGrainKeys.NewRunId(), out var subject);
        var request = await RequestBody.ReadJsonAsync(context, AgentJsonContext.Default.PanelRunRequest, rules.JsonBody, "new " + subject);
        if (request.Stream == true)
        {
            // Started first, so a bad request, panel or agent is an ordinary error response before any event.
            var started = await grain.StartAsync(request);
            context.Response.Headers.Location = Location(started);
            await StreamAsync(context, grain, 0, endWithRun: true);
            return Results.Empty;
        }

        if (request.Wait == false)
        {
            var queued = await grain.StartAsync(request);
            context.Response.Headers.Location = Location(queued);
            return Results.Json(queued, AgentJsonContext.Default.PanelRun, statusCode: StatusCodes.Status202Accepted);
        }

        var run = await grain.RunAsync(request);
        return ApiResults.Created(context, Location(run), run, AgentJsonContext.Default.PanelRun);
    }

    /// <summary>The trace as server-sent events (id: seq), and with <paramref name="endWithRun"/> a last 'run' event with the ended run.</summary>
    private static async Task StreamAsync(HttpContext context, IPanelRunGrain grain, long after, bool endWithRun)
    {
        var cancellationToken = context.RequestAborted;
        ServerSentEventWriter.Begin(context);
        try
        {
            await foreach (var traceEvent in grain.FollowTraceAsync(after, cancellationToken).WithCancellation(cancellationToken))
            {
                await ServerSentEventWriter.WriteJsonEventAsync(context.Response.Body, traceEvent.Seq, null, traceEvent, AgentJsonContext.Default.PanelTraceEvent, cancellationToken);
            }

            if (endWithRun && await grain.GetAsync() is { } run)
            {
                await ServerSentEventWriter.WriteJsonEventAsync(context.Response.Body, null, "run", run, AgentJsonContext.Default.PanelRun, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the run goes on in its grain.
        }
    }

    private static async Task<IResult> ListAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var limit = rules.PageSize(context.Request) ?? rules.MaxPageSize;
        var runs = await grains.GetGrain<IPanelGrain>(rules.PanelId(panelId)).ListRunsAsync(limit);
        return ApiResults.Ok(runs, AgentJsonContext.Default.IReadOnlyListPanelRun);
    }

    private static async Task<IResult> GetAsync(string panelId, string runId, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(rules, grains, panelId, runId, out var subject);
        return await grain.GetAsync() is { } run ? ApiResults.Ok(run, AgentJsonContext.Default.PanelRun) : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> TraceAsync(string panelId, string runId, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(rules, grains, panelId, runId, out var subject);
        return await grain.GetAsync() is null
            ? ApiResults.NotFound($"{subject} does not exist.")
            : ApiResults.Ok(await grain.GetTraceAsync(), AgentJsonContext.Default.IReadOnlyListPanelTraceEvent);
    }

    private static async Task<IResult> EventsAsync(string panelId, string runId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(rules, grains, panelId, runId, out var subject);
        if (await grain.GetAsync() is null)
        {
            return ApiResults.NotFound($"{subject} does not exist.");
        }

        await StreamAsync(context, grain, ChatEventFeed.LastEventId(context.Request) ?? 0, endWithRun: false);
        return Results.Empty;
    }

    private static async Task<IResult> CancelAsync(string panelId, string runId, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(rules, grains, panelId, runId, out var subject);
        return await grain.CancelAsync() is { } run ? ApiResults.Ok(run, AgentJsonContext.Default.PanelRun) : ApiResults.NotFound($"{subject} does not exist.");
    }

    private static async Task<IResult> ResumeAsync(string panelId, string runId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Run(rules, grains, panelId, runId, out _);
        var run = await grain.ResumeAsync();
        context.Response.Headers.Location = Location(run);
        return Results.Json(run, AgentJsonContext.Default.PanelRun, statusCode: StatusCodes.Status202Accepted);
    }
}
