using System.CommandLine;
using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// <c>chatdb agent create|get|list|run|runs|trace|approve</c>: a user's agents, or global ones without <c>--user</c>; a
/// user runs a global agent with <c>run --global --user u</c> (and finds those runs with <c>runs</c>/<c>trace</c> <c>--global</c>).
/// </summary>
internal static class AgentCommands
{
    public static Command Create()
    {
        var agentId = new Argument<string>("agent-id") { Description = "The agent id." };
        var user = new Option<string>("--user") { Description = "The user whose own agent this is (default: a global agent)." };
        var runUser = new Option<string>("--user") { Description = "The user who owns the agent (or, with --global, runs it) and the session.", Required = true };
        var global = new Option<bool>("--global") { Description = "The agent is a global one, run by --user on their own session; its runs are kept under the user." };
        return DataOptions.Group("agent", "Agents: definitions, runs and traces.",
            CreateCommand(agentId, user), GetCommand(agentId, user), ListCommand(user),
            RunCommand(agentId, runUser, global), RunsCommand(agentId, runUser, global), TraceCommand(agentId, runUser, global),
            AgentApprovalCommands.ApproveCommand(agentId, runUser, global));
    }

    private static Command CreateCommand(Argument<string> agentId, Option<string> user)
    {
        var instructions = new Option<string>("--instructions") { Description = "The system instructions.", Required = true };
        var name = new Option<string>("--name") { Description = "A display name (default: the agent id)." };
        var description = new Option<string>("--description") { Description = "What the agent is for." };
        var persona = new Option<string>("--persona") { Description = "A persona id whose data joins the instructions." };
        var model = new Option<string>("--model") { Description = "A configured model name (default: offline)." };
        var tools = new Option<string[]>("--tool") { Description = "A tool the agent may call (repeat for more).", AllowMultipleArgumentsPerToken = false };
        var history = new Option<int?>("--history-tokens") { Description = "Token budget of the session history in the prompt." };
        var approvals = new Option<string[]>("--approval-required") { Description = "A tool of --tool whose calls wait for approval (repeat for more).", AllowMultipleArgumentsPerToken = false };
        var recall = new Option<int?>("--recall") { Description = "How many of the user's memories to recall into each prompt (0 to 100; default 0: none)." };
        var extract = new Option<bool>("--extract-memories") { Description = "Extract memories from each successful run's messages." };
        var retrieve = new Option<int?>("--retrieve") { Description = "How many document chunks to retrieve into each prompt (0 to 20; default 0: none)." };
        var retrieveScope = new Option<string>("--retrieve-scope") { Description = "Where --retrieve looks: user (the knowledge base, the default) or session (the run's session documents)." };
        var command = new Command("create", "Save a new version of an agent.")
        {
            agentId, user, instructions, name, description, persona, model, tools, history, approvals, recall, extract, retrieve, retrieveScope,
        };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "agent create", async (client, output, cancel) =>
        {
            var definition = new AgentDefinition
            {
                Instructions = parse.GetValue(instructions)!,
                Name = parse.GetValue(name),
                Description = parse.GetValue(description),
                Persona = parse.GetValue(persona),
                Model = parse.GetValue(model),
                Tools = parse.GetValue(tools),
                HistoryTokens = parse.GetValue(history),
                ApprovalRequired = parse.GetValue(approvals),
                Memory = parse.GetValue(recall) is null && !parse.GetValue(extract)
                    ? null
                    : new AgentMemorySettings { Recall = parse.GetValue(recall) ?? 0, Extract = parse.GetValue(extract) },
                Knowledge = parse.GetValue(retrieve) is null && parse.GetValue(retrieveScope) is null
                    ? null
                    : new AgentKnowledgeSettings { Retrieve = parse.GetValue(retrieve) ?? 0, Scope = parse.GetValue(retrieveScope) },
            };
            var agent = await client.SaveAgentAsync(parse.GetValue(agentId)!, definition, parse.GetValue(user), cancel).ConfigureAwait(false);
            await output.WriteAsync(agent, AgentJsonContext.Default.Agent, a => [$"{Describe(a)} saved as version {a.Version}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command GetCommand(Argument<string> agentId, Option<string> user)
    {
        var command = new Command("get", "Show the latest version of an agent.") { agentId, user };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "agent get", async (client, output, cancel) =>
        {
            var id = parse.GetValue(agentId)!;
            var agent = await client.GetAgentAsync(id, parse.GetValue(user), cancel).ConfigureAwait(false)
                ?? throw new NotFoundError(parse.GetValue(user) is { } owner ? $"agent {id} of user {owner} does not exist." : $"global agent {id} does not exist.");
            await output.WriteAsync(agent, AgentJsonContext.Default.Agent, a =>
                [$"{Describe(a)} version {a.Version}", $"model {a.Model}, history {a.HistoryTokens} tokens, tools: {string.Join(", ", a.Tools)}", Memory(a.Memory), Knowledge(a.Knowledge),
                 Text.OneLine(a.Instructions)])
                .ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command ListCommand(Option<string> user)
    {
        var command = new Command("list", "List agents, a user's own or the global ones.") { user };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "agent list", async (client, output, cancel) =>
        {
            var agents = await client.ListAgentsAsync(parse.GetValue(user), cancel).ConfigureAwait(false);
            await output.WriteAsync(agents, AgentJsonContext.Default.IReadOnlyListAgent, all => all.Select(a => $"{a.Id}  v{a.Version}  {a.Model}  {Text.Time(a.UpdatedAt)}"))
                .ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command RunCommand(Argument<string> agentId, Option<string> user, Option<bool> global)
    {
        var session = new Option<string>("--session") { Description = "The session the input and the answer are appended to.", Required = true };
        var input = new Argument<string>("input") { Description = "The user's message." };
        var messageId = new Option<string>("--message-id") { Description = "The input message's id; a retry with the same id appends it once." };
        var noStream = new Option<bool>("--no-stream") { Description = "Print the answer once it is complete instead of as it arrives." };
        var noWait = new Option<bool>("--no-wait") { Description = "Start the run and print its id at once (status queued); it proceeds on its own." };
        var command = new Command("run", "Run one turn of an agent on a session and print the answer as it arrives.")
        {
            agentId, input, user, session, messageId, noStream, noWait, global,
        };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "agent run", async (client, output, cancel) =>
        {
            var request = new AgentRunRequest { SessionId = parse.GetValue(session)!, Input = parse.GetValue(input)!, MessageId = parse.GetValue(messageId) };
            var (owner, agent, isGlobal) = (parse.GetValue(user)!, parse.GetValue(agentId)!, parse.GetValue(global));
            if (parse.GetValue(noWait))
            {
                var queued = await (isGlobal ? client.StartGlobalAgentRunAsync(owner, agent, request, cancel) : client.StartAgentRunAsync(owner, agent, request, cancel))
                    .ConfigureAwait(false);
                await output.WriteAsync(queued, AgentJsonContext.Default.AgentRun, r => [$"{r.Id} {r.Status}"]).ConfigureAwait(false);
                return DataRunner.Ok;
            }

            if (output.IsJson || parse.GetValue(noStream))
            {
                var run = await (isGlobal ? client.RunGlobalAgentAsync(owner, agent, request, cancel) : client.RunAgentAsync(owner, agent, request, cancel))
                    .ConfigureAwait(false);
                await output.WriteAsync(run, AgentJsonContext.Default.AgentRun, r => r.Message is { } answer ? [answer.Content, Summary(r)] : [Failure(r)])
                    .ConfigureAwait(false);
                return run.Status == AgentRunStatuses.Succeeded ? DataRunner.Ok : DataRunner.Failed;
            }

            var updates = isGlobal ? client.RunGlobalAgentStreamingAsync(owner, agent, request, cancel) : client.RunAgentStreamingAsync(owner, agent, request, cancel);
            var ended = await StreamAsync(updates, output.Writer).ConfigureAwait(false);
            await output.Writer.WriteLineAsync(ended.Status == AgentRunStatuses.Succeeded ? Summary(ended) : Failure(ended)).ConfigureAwait(false);
            return ended.Status == AgentRunStatuses.Succeeded ? DataRunner.Ok : DataRunner.Failed;
        }, token));
        return command;
    }

    /// <summary>Writes each piece of the answer as it arrives, then ends the line; returns the ended run.</summary>
    private static async Task<AgentRun> StreamAsync(IAsyncEnumerable<AgentRunUpdate> updates, TextWriter writer)
    {
        AgentRun? ended = null;
        var wrote = false;
        await foreach (var update in updates.ConfigureAwait(false))
        {
            if (update is { Kind: AgentRunUpdateKinds.Delta, Text: { } text })
            {
                await writer.WriteAsync(text).ConfigureAwait(false);
                await writer.FlushAsync().ConfigureAwait(false);
                wrote = true;
            }
            else if (update.Run is { } run)
            {
                ended = run;
            }
        }

        if (wrote)
        {
            await writer.WriteLineAsync().ConfigureAwait(false);
        }

        return ended ?? throw new StorageError("the run's stream ended without the run's result; 'chatdb agent runs' shows how it ended.");
    }

    private static string Summary(AgentRun run) => $"({run.Id} {run.Status}, {run.Usage.InputTokens} tokens in, {run.Usage.OutputTokens} out)";

    private static string Failure(AgentRun run) => $"{run.Id} {run.Status} ({run.StopReason}): {run.Error}";

    private static Command RunsCommand(Argument<string> agentId, Option<string> user, Option<bool> global)
    {
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first." };
        var command = new Command("runs", "List an agent's runs (with --global: the user's runs of the global agent), newest first.") { agentId, user, limit, global };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "agent runs", async (client, output, cancel) =>
        {
            var (owner, agent, max) = (parse.GetValue(user)!, parse.GetValue(agentId)!, parse.GetValue(limit));
            var runs = await (parse.GetValue(global) ? client.ListGlobalAgentRunsAsync(owner, agent, max, cancel) : client.ListAgentRunsAsync(owner, agent, max, cancel))
                .ConfigureAwait(false);
            await output.WriteAsync(runs, AgentJsonContext.Default.IReadOnlyListAgentRun,
                all => all.Select(r => $"{r.Id}  {r.Status}  {r.StopReason}  {Text.Time(r.StartedAt)}  {r.SessionId}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command TraceCommand(Argument<string> agentId, Option<string> user, Option<bool> global)
    {
        var runId = new Argument<string>("run-id") { Description = "The run id." };
        var command = new Command("trace", "Show every step of a run.") { agentId, runId, user, global };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "agent trace", async (client, output, cancel) =>
        {
            var (owner, agent, run) = (parse.GetValue(user)!, parse.GetValue(agentId)!, parse.GetValue(runId)!);
            var trace = await (parse.GetValue(global) ? client.GetGlobalAgentRunTraceAsync(owner, agent, run, cancel) : client.GetAgentRunTraceAsync(owner, agent, run, cancel))
                .ConfigureAwait(false);
            await output.WriteAsync(trace, AgentJsonContext.Default.IReadOnlyListAgentTraceEvent,
                all => all.Select(e => $"{e.Seq}  {Text.Time(e.At)}  {e.Kind}{Details(e)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static string Details(AgentTraceEvent e) => e.Kind switch
    {
        AgentTraceKinds.PromptBuilt => $"  {e.Messages} messages, {e.Tokens} tokens",
        AgentTraceKinds.ModelCalled => $"  {e.Model}: {e.InputTokens} in, {e.OutputTokens} out, {e.FinishReason}",
        AgentTraceKinds.ToolCalled => $"  {e.Tool} ({e.CallId}): {e.Outcome}",
        AgentTraceKinds.ApprovalRequested => $"  {e.Tool} ({e.CallId})",
        AgentTraceKinds.ApprovalDecided => $"  {e.Tool} ({e.CallId}): {e.Outcome}{(e.Error is { } reason ? ": " + reason : string.Empty)}",
        AgentTraceKinds.MessageAppended => $"  {e.Role} seq {e.MessageSeq}",
        AgentTraceKinds.RunFailed => $"  {e.StopReason}: {e.Error}",
        AgentTraceKinds.MemoriesRecalled => $"  {string.Join(", ", (e.Memories ?? []).Select(m => $"{m.Id} {m.Score.ToString("0.####", CultureInfo.InvariantCulture)}{(m.InPrompt ? string.Empty : " (left out)")}"))}",
        AgentTraceKinds.MemoriesExtracted => $"  {e.Added} added, {e.Updated} updated, {e.Deleted} deleted",
        AgentTraceKinds.KnowledgeRetrieved => $"  {string.Join(", ", (e.Chunks ?? []).Select(c => $"{c.Filename}#{c.Position} {c.Score.ToString("0.####", CultureInfo.InvariantCulture)}{(c.InPrompt ? string.Empty : " (left out)")}"))}",
        AgentTraceKinds.MemoryRecallFailed or AgentTraceKinds.MemoryExtractionFailed or AgentTraceKinds.KnowledgeRetrievalFailed => $"  {e.Error}",
        _ => e.StopReason is { } reason ? $"  {reason}" : string.Empty,
    };

    private static string Memory(AgentMemorySettings memory) =>
        "memory: " + (memory.Recall == 0 ? "no recall" : $"recall {memory.Recall}") + (memory.Extract ? ", extract after each run" : string.Empty);

    private static string Knowledge(AgentKnowledgeSettings knowledge) =>
        "documents: " + (knowledge.Retrieve == 0 ? "no retrieval" : $"retrieve {knowledge.Retrieve} from the {(knowledge.Scope == AgentKnowledgeSettings.SessionScope ? "session's documents" : "knowledge base")}");

    private static string Describe(Agent agent) =>
        agent.UserId is null ? $"global agent {agent.Id}" : $"agent {agent.Id} of user {agent.UserId}";
}
