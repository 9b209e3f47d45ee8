using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb panel run|runs|show-run|trace|cancel|resume</c>: multi-agent runs of a panel (docs/MULTI_AGENT.md).</summary>
internal static class PanelRunCommands
{
    public static IEnumerable<Command> Create()
    {
        var panelId = new Argument<string>("panel-id") { Description = "The panel id (panel_...)." };
        var runId = new Argument<string>("run-id") { Description = "The run id (run_...)." };
        yield return Run(panelId);
        yield return Runs(panelId);
        yield return Show(panelId, runId);
        yield return Trace(panelId, runId);
        yield return Cancel(panelId, runId);
        yield return Resume(panelId, runId);
    }

    private static Command Run(Argument<string> panelId)
    {
        var input = new Argument<string>("input") { Description = "The opening message." };
        var strategy = new Option<string>("--strategy") { Description = "round_robin, router, selector, handoff or concurrent.", DefaultValueFactory = _ => PanelStrategies.RoundRobin };
        var maxTurns = new Option<int?>("--max-turns") { Description = "Agent turns at most (default 5)." };
        var moderator = new Option<string>("--moderator") { Description = "selector: the moderator agent, user/agent." };
        var aggregator = new Option<string>("--aggregator") { Description = "concurrent: the agent of the panel that merges, user/agent." };
        var routerModel = new Option<string>("--router-model") { Description = "router: a chat model of the silo (GET /models) that chooses each speaker." };
        var stopPhrase = new Option<string>("--stop-phrase") { Description = "A turn holding it ends the run." };
        var tokenBudget = new Option<long?>("--token-budget") { Description = "The run ends once it used this many tokens." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the queued run's id and return." };
        var command = new Command("run", "Run a conversation among the panel's agents; prints each turn.")
        {
            panelId, input, strategy, maxTurns, moderator, aggregator, routerModel, stopPhrase, tokenBudget, noWait,
        };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel run", async (client, output, cancel) =>
        {
            var request = new PanelRunRequest
            {
                Input = parse.GetValue(input)!,
                Strategy = parse.GetValue(strategy)!,
                MaxTurns = parse.GetValue(maxTurns),
                Moderator = parse.GetValue(moderator),
                Aggregator = parse.GetValue(aggregator),
                RouterModel = parse.GetValue(routerModel),
                StopPhrase = parse.GetValue(stopPhrase),
                TokenBudget = parse.GetValue(tokenBudget),
            };
            var panel = parse.GetValue(panelId)!;
            var run = parse.GetValue(noWait)
                ? await client.StartPanelRunAsync(panel, request, cancel).ConfigureAwait(false)
                : await client.RunPanelAsync(panel, request, cancel).ConfigureAwait(false);
            await output.WriteAsync(run, AgentJsonContext.Default.PanelRun, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command Runs(Argument<string> panelId)
    {
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first." };
        var command = new Command("runs", "List the panel's runs, newest first.") { panelId, limit };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel runs", async (client, output, cancel) =>
        {
            var runs = await client.ListPanelRunsAsync(parse.GetValue(panelId)!, parse.GetValue(limit), cancel).ConfigureAwait(false);
            await output.WriteAsync(runs, AgentJsonContext.Default.IReadOnlyListPanelRun,
                all => all.Select(r => $"{r.Id}  {r.Status}  {r.StopReason}  {r.Strategy}  {r.Turns.Count} turns  {Text.Time(r.StartedAt)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command Show(Argument<string> panelId, Argument<string> runId)
    {
        var command = new Command("show-run", "Show a run: its status and turns.") { panelId, runId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel show-run", async (client, output, cancel) =>
        {
            var (panel, id) = (parse.GetValue(panelId)!, parse.GetValue(runId)!);
            var run = await client.GetPanelRunAsync(panel, id, cancel).ConfigureAwait(false)
                ?? throw new NotFoundError($"run {id} of panel {panel} does not exist.");
            await output.WriteAsync(run, AgentJsonContext.Default.PanelRun, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command Trace(Argument<string> panelId, Argument<string> runId)
    {
        var command = new Command("trace", "Show every step of a run: who spoke, why, and what they said.") { panelId, runId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel trace", async (client, output, cancel) =>
        {
            var trace = await client.GetPanelRunTraceAsync(parse.GetValue(panelId)!, parse.GetValue(runId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(trace, AgentJsonContext.Default.IReadOnlyListPanelTraceEvent,
                all => all.Select(e => $"{e.Seq}  {Text.Time(e.At)}  {e.Kind}  {e.Speaker ?? e.Role}  {e.Reason ?? e.Error ?? e.Text ?? e.StopReason}".TrimEnd())).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command Cancel(Argument<string> panelId, Argument<string> runId)
    {
        var command = new Command("cancel", "Cancel a queued or running run; its turns stay.") { panelId, runId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel cancel", async (client, output, cancel) =>
        {
            var (panel, id) = (parse.GetValue(panelId)!, parse.GetValue(runId)!);
            var run = await client.CancelPanelRunAsync(panel, id, cancel).ConfigureAwait(false)
                ?? throw new NotFoundError($"run {id} of panel {panel} does not exist.");
            await output.WriteAsync(run, AgentJsonContext.Default.PanelRun, r => [$"{r.Id}  {r.Status}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command Resume(Argument<string> panelId, Argument<string> runId)
    {
        var command = new Command("resume", "Continue a failed or cancelled run after its last completed turn.") { panelId, runId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel resume", async (client, output, cancel) =>
        {
            var run = await client.ResumePanelRunAsync(parse.GetValue(panelId)!, parse.GetValue(runId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(run, AgentJsonContext.Default.PanelRun, r => [$"{r.Id}  {r.Status}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static IEnumerable<string> Lines(PanelRun run) =>
    [
        $"{run.Id}  {run.Status}  {run.StopReason}  {run.Strategy}",
        .. run.Turns.Select(t => $"#{t.Seq}  {t.Role}  ({t.Reason})"),
        .. run.Error is null ? Array.Empty<string>() : [$"error: {run.Error}"],
    ];
}
