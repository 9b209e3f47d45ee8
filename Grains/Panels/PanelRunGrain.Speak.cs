using System.Text.Json;
using ChatDb.Grains.Agents;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using AI = Microsoft.Extensions.AI;

namespace ChatDb.Grains.Panels;

/// <summary>
/// An agent speaking in the panel: the agent's own instructions, persona and model (the pieces every agent run shares,
/// <see cref="AgentModelCalls"/>) over the panel's conversation, newest messages within its history budget.
/// </summary>
public sealed partial class PanelRunGrain
{
    /// <summary>The tool an agent calls, under the handoff strategy, to pass the word on.</summary>
    public const string HandoffTool = "handoff";

    /// <summary>The metadata key of every panel message a run appends: the run's id.</summary>
    public const string RunIdMetadata = "panel_run_id";

    /// <summary>The most panel messages a prompt's history is chosen from.</summary>
    private const int HistoryWindow = 100;

    /// <summary>Token counts of the panel's messages by seq, counted once per activation.</summary>
    private readonly Dictionary<long, int> _messageTokens = [];

    /// <summary>The speakers of the executing run: definition, model, instructions and their tokens, read once per run.</summary>
    private readonly Dictionary<string, SpeakerSetup> _speakers = new(StringComparer.Ordinal);

    /// <summary>
    /// The panel's newest messages (at most <see cref="HistoryWindow"/>) as the run last saw them, extended by the run's own
    /// appends while nobody else writes between them; null: read them again.
    /// </summary>
    private List<Models.ChatMessage>? _window;

    /// <summary>An agent as it speaks in this run: read at its first turn of the run, reused at the next ones.</summary>
    private sealed record SpeakerSetup(Agent Definition, ModelEntry Model, string Instructions, int SystemTokens);

    private async Task<SpeakerSetup> SpeakerAsync(PanelAgent agent, IReadOnlyList<PanelAgent> agents)
    {
        if (_speakers.TryGetValue(agent.Role, out var known))
        {
            return known;
        }

        var subject = $"agent {agent.AgentId} of user {agent.UserId}";
        var definition = await GrainFactory.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(agent.UserId, agent.AgentId)).GetAsync()
            ?? throw new NotFoundError($"{subject} does not exist.");
        var model = _models.Get(definition.Model, subject);
        var instructions = await AgentModelCalls.InstructionsAsync(GrainFactory, agent.UserId, definition, subject);
        instructions += $"\n\nYou are {agent.Role} in panel {_panelId}, a conversation among {string.Join(", ", agents.Select(a => a.Role))}. "
            + "The others' messages come as user messages that start with their role.";
        var setup = new SpeakerSetup(definition, model, instructions, _tokens.Count(instructions, null));
        _speakers[agent.Role] = setup;
        return setup;
    }

    /// <summary>A new run (or a resumed one) reads the speakers and the panel's newest messages afresh.</summary>
    private void ForgetRunCaches()
    {
        _speakers.Clear();
        _extractedThrough.Clear();
        _modulesSkipped.Clear();
        _window = null;
    }

    /// <summary>
    /// Adds the run's own new message to the window when it directly follows the newest one seen; when another writer
    /// appended in between, the window is read again before the next prompt.
    /// </summary>
    private void Appended(Models.ChatMessage message)
    {
        if (_window is not { } window || (window.Count > 0 && window[^1].Seq + 1 != message.Seq) || (window.Count == 0 && message.Seq != 1))
        {
            _window = null;
            return;
        }

        window.Add(message);
        if (window.Count > HistoryWindow)
        {
            window.RemoveRange(0, window.Count - HistoryWindow);
        }
    }

    /// <summary>The run as it now stands, kept in memory (what reads answer); written at the end or a status change.</summary>
    private void Keep(PanelRun run) => _run.State = run;

    /// <summary>One agent turn: the model called, the answer appended to the panel as the agent's message, the turn recorded.</summary>
    private async Task<(SpokenTurn Spoken, PanelRun Run)> SpeakTurnAsync(
        PanelRun run, PanelAgent speaker, string reason, IReadOnlyList<PanelAgent> agents, bool offerHandoff, int turn, CancellationToken cancellationToken)
    {
        var others = agents.Where(a => a != speaker).ToList();
        IReadOnlyList<AITool> tools = offerHandoff && others.Count > 0 ? [HandoffDeclaration(others)] : [];
        var call = await CallAgentAsync(speaker, null, agents, tools, turn, speaks: true, cancellationToken);
        run = AddUsage(run, call.InputTokens, call.OutputTokens);
        var handoff = call.Response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .FirstOrDefault(c => string.Equals(c.Name, HandoffTool, StringComparison.Ordinal));
        var handoffName = handoff is null ? null : HandoffTarget(handoff) ?? string.Empty;
        var target = handoffName is { Length: > 0 } ? NamedIn(handoffName, others) : null;
        var text = call.Response.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            text = handoff is null ? "(no answer)" : $"(hands off to {target?.Role ?? handoffName})";
        }

        PanelRunTurn recorded;
        (recorded, run) = await AppendTurnAsync(run, speaker, text, reason, turn);
        return (new SpokenTurn(recorded, text, target, handoffName), run);
    }

    /// <summary>
    /// Appends <paramref name="text"/> as <paramref name="speaker"/>'s message, records the turn and traces the message. The
    /// panel message is the turn's one durable write: the record keeps the turn in memory until the run ends, and a restart
    /// finds the run's turns in the panel's log (<see cref="RecoverFromPanelAsync"/>).
    /// </summary>
    private async Task<(PanelRunTurn Turn, PanelRun Run)> AppendTurnAsync(PanelRun run, PanelAgent speaker, string text, string reason, int turn)
    {
        var message = await Panel.AddMessageAsync(new NewMessage { Role = speaker.Role, Content = text, Metadata = RunMetadata() });
        Appended(message);
        var recorded = new PanelRunTurn(message.Seq, speaker.Role, speaker.AgentId, reason);
        run = run with { Turns = [.. run.Turns, recorded] };
        Keep(run);
        await TraceAsync(Event(PanelTraceKinds.MessageAppended, turn) with { Speaker = speaker.Role, Role = message.Role, MessageSeq = message.Seq, Text = message.Content });
        await ExtractMemoriesAsync(run, speaker, message.Seq, turn);
        return (recorded, run);
    }

    /// <summary>
    /// Calls <paramref name="agent"/>'s model on the panel's conversation: its instructions (with persona) and a note on the
    /// panel as the system message, then the newest panel messages that fit its history budget: its own as the assistant's,
    /// the others' as user messages starting with their role. An agent that <paramref name="speaks"/> (a turn, not a
    /// moderator's choice) also gets its recalled memories and its own tools, whose calls are run and answered until the
    /// model answers without one (<see cref="AgentRunGrain.MaxToolRounds"/> rounds at most; a handoff ends the turn).
    /// The usage is the sum of the turn's calls.
    /// </summary>
    private async Task<AgentModelCall> CallAgentAsync(
        PanelAgent agent, string? note, IReadOnlyList<PanelAgent> agents, IReadOnlyList<AITool> tools, int turn, bool speaks, CancellationToken cancellationToken)
    {
        var speaker = await SpeakerAsync(agent, agents);
        var (definition, model, instructions, systemTokens) = speaker;
        if (note is not null)
        {
            instructions += "\n\n" + note;
            systemTokens = _tokens.Count(instructions, null);
        }

        var budget = Math.Max(1, definition.HistoryTokens - systemTokens);
        long promptTokens = systemTokens;
        if (speaks && definition.Memory.Recall > 0 && await UsesModuleAsync(ChatModuleNames.Memory, agent, turn) && await NewestSaidAsync() is { } input)
        {
            // As in an agent run: the memories come out of the budget beside the message answered, the history gets the rest.
            var inputTokens = MessageTokens(input);
            if (await RecallMemoriesAsync(agent, definition, input.Content, Math.Max(0, budget - inputTokens), turn) is { } memories)
            {
                instructions += "\n\n" + memories.Text;
                budget = Math.Max(1, budget - memories.Tokens);
                promptTokens += memories.Tokens;
            }
        }

        var history = await HistoryAsync(budget);

        // The input usage of a model that reports none: the counts the history was fitted with, kept for the run.
        promptTokens += history.Sum(m => (long)MessageTokens(m));
        List<AI.ChatMessage> prompt =
        [
            new(ChatRole.System, instructions),
            .. history.Select(m => string.Equals(m.Role, agent.Role, StringComparison.Ordinal)
                ? new AI.ChatMessage(ChatRole.Assistant, m.Content)
                : new AI.ChatMessage(ChatRole.User, $"{m.Role}: {m.Content}")),
        ];

        // The handoff tool is the strategy's own (multi_agent), offered whatever tool_use says.
        var ownTools = speaks && definition.Tools.Count > 0 && await UsesModuleAsync(ChatModuleNames.ToolUse, agent, turn) ? ToolsOf(agent, definition) : [];
        var client = _clients.Create(definition.Model, model);
        var options = AgentModelCalls.Options(definition, model, [.. tools, .. ownTools]);
        long inputSum = 0, outputSum = 0;
        double durationSum = 0;
        for (var round = 0; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var call = await AgentModelCalls.CallAsync(client, model, prompt, promptTokens, options, _tokens, _time, null, cancellationToken);
            await TraceAsync(Event(PanelTraceKinds.ModelCalled, turn) with
            {
                Speaker = agent.Role,
                Model = definition.Model,
                InputTokens = call.InputTokens,
                OutputTokens = call.OutputTokens,
                DurationMs = call.DurationMs,
            });
            (inputSum, outputSum, durationSum) = (inputSum + call.InputTokens, outputSum + call.OutputTokens, durationSum + call.DurationMs);
            var calls = call.Response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (ownTools.Count == 0 || calls.Count == 0 || calls.Any(c => string.Equals(c.Name, HandoffTool, StringComparison.Ordinal)))
            {
                return new AgentModelCall(call.Response, inputSum, outputSum, durationSum);
            }

            if (round >= AgentRunGrain.MaxToolRounds)
            {
                throw new InvalidOperationException(
                    $"the model of {agent.Role} asked for tools more than {AgentRunGrain.MaxToolRounds} times in a row (rule: tool-rounds).");
            }

            var (callMessage, resultMessage) = await RunToolRoundAsync(agent, definition, ownTools, calls, turn, cancellationToken);
            prompt.Add(callMessage);
            prompt.Add(resultMessage);
            promptTokens += _tokens.Count(callMessage.Text, null) + _tokens.Count(resultMessage.Text, null);
        }
    }

    /// <summary>The newest message said in the panel (tool traffic left out): what a speaking agent answers; null when none.</summary>
    private async Task<Models.ChatMessage?> NewestSaidAsync()
    {
        var newest = _window ??= [.. await Panel.GetMessagesAsync(new MessageQuery { Latest = true, Limit = HistoryWindow })];
        return newest.LastOrDefault(m => !IsToolTraffic(m));
    }

    private int MessageTokens(Models.ChatMessage message)
    {
        if (!_messageTokens.TryGetValue(message.Seq, out var tokens))
        {
            // Panel messages are never edited, so a count is kept for the run's next prompts.
            tokens = _tokens.Count(message);
            _messageTokens[message.Seq] = tokens;
        }

        return tokens;
    }

    /// <summary>
    /// The newest panel messages whose token counts fit <paramref name="budget"/>, oldest first (panel messages carry no
    /// stored counts, so they are counted here); the newest message is always in, even alone over the budget. An agent's
    /// tool traffic is its own working, not part of the conversation, and stays out.
    /// </summary>
    private async Task<IReadOnlyList<Models.ChatMessage>> HistoryAsync(int budget)
    {
        var window = _window ??= [.. await Panel.GetMessagesAsync(new MessageQuery { Latest = true, Limit = HistoryWindow })];
        var newest = window.Any(IsToolTraffic) ? window.Where(m => !IsToolTraffic(m)).ToList() : window;
        var first = newest.Count;
        long sum = 0;
        for (var index = newest.Count - 1; index >= 0; index--)
        {
            sum += MessageTokens(newest[index]);
            if (sum > budget && index < newest.Count - 1)
            {
                break;
            }

            first = index;
        }

        return newest.Skip(first).ToList();
    }

    private static AIFunctionDeclaration HandoffDeclaration(IReadOnlyList<PanelAgent> others)
    {
        var schema = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["to"] = new Dictionary<string, object>
                {
                    ["type"] = "string",
                    ["enum"] = others.Select(a => a.Role).ToArray(),
                    ["description"] = "The role of the agent who speaks next.",
                },
            },
            ["required"] = new[] { "to" },
        }, AIJsonUtilities.DefaultOptions);
        return AIFunctionFactory.CreateDeclaration(HandoffTool, "Hand the conversation to another agent of the panel, who answers next.", schema);
    }

    /// <summary>The <c>to</c> argument of a handoff call, as text; null when it has none.</summary>
    private static string? HandoffTarget(FunctionCallContent call) =>
        call.Arguments?.TryGetValue("to", out var to) == true
            ? to switch
            {
                string text => text,
                JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
                null => null,
                _ => to.ToString(),
            }
            : null;

    private static PanelRun AddUsage(PanelRun run, long inputTokens, long outputTokens) =>
        run with { Usage = new AgentRunUsage(run.Usage.InputTokens + inputTokens, run.Usage.OutputTokens + outputTokens) };

    private Dictionary<string, JsonElement> RunMetadata() => new(StringComparer.Ordinal)
    {
        [RunIdMetadata] = JsonSerializer.SerializeToElement(_runId, AIJsonUtilities.DefaultOptions),
    };
}
