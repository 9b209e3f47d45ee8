using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>The values of <see cref="PanelRunRequest.Strategy"/>: how a panel run picks who speaks next (docs/MULTI_AGENT.md).</summary>
public static class PanelStrategies
{
    /// <summary>The panel's agents in order, again and again.</summary>
    public const string RoundRobin = "round_robin";

    /// <summary>
    /// The agent whose description is nearest to the newest message (embedding similarity); with
    /// <see cref="PanelRunRequest.RouterModel"/>, that model chooses and the embedding is the fallback.
    /// </summary>
    public const string Router = "router";

    /// <summary>A moderator agent names the next speaker after every turn, or ends the run.</summary>
    public const string Selector = "selector";

    /// <summary>The first agent speaks; an agent passes the word by calling the <c>handoff</c> tool; an answer without a handoff ends the run.</summary>
    public const string Handoff = "handoff";

    /// <summary>Every agent answers the input at once, then an aggregator agent merges the answers.</summary>
    public const string Concurrent = "concurrent";

    public static IReadOnlyList<string> All { get; } = [RoundRobin, Router, Selector, Handoff, Concurrent];
}

/// <summary>The values of <see cref="PanelRun.StopReason"/>.</summary>
public static class PanelStopReasons
{
    /// <summary>The run took <see cref="PanelRun.MaxTurns"/> turns.</summary>
    public const string MaxTurns = "max_turns";

    /// <summary>A turn's text held <see cref="PanelRun.StopPhrase"/>.</summary>
    public const string StopPhrase = "stop_phrase";

    /// <summary>The tokens used reached <see cref="PanelRun.TokenBudget"/>.</summary>
    public const string TokenBudget = "token_budget";

    /// <summary>The moderator (selector) ended the discussion.</summary>
    public const string Moderator = "moderator";

    /// <summary>The strategy's own end: an agent answered without handing off, or the aggregator merged the answers.</summary>
    public const string Completed = "completed";

    public const string Cancelled = "cancelled";

    /// <summary>The run could not go on (every agent failed in a row, a moderator or aggregator that failed); <see cref="PanelRun.Error"/> says why.</summary>
    public const string Error = "error";

    /// <summary>The silo stopped while the run was running; the completed turns are kept and the run can be resumed.</summary>
    public const string Interrupted = "interrupted";
}

/// <summary>Body of <c>POST /panels/{p}/runs</c>: a multi-agent conversation among the panel's agents.</summary>
[Immutable]
public sealed record PanelRunRequest
{
    /// <summary>The opening message, appended to the panel as role <c>user</c>.</summary>
    public required string Input { get; init; }

    /// <summary>One of <see cref="PanelStrategies"/>.</summary>
    public required string Strategy { get; init; }

    /// <summary>Agent turns at most (1 to <see cref="PanelRun.MaxMaxTurns"/>), default 5; concurrent takes one round (every agent, then the merge) whatever it says.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>selector: the moderator agent, <c>{userId}/{agentId}</c>; it need not be one of the panel's agents.</summary>
    public string? Moderator { get; init; }

    /// <summary>concurrent: the agent that merges the answers, <c>{userId}/{agentId}</c> of one of the panel's agents; by default the first.</summary>
    public string? Aggregator { get; init; }

    /// <summary>
    /// router: a chat model of the silo's models (<c>GET /models</c>) that chooses each turn's agent from their descriptions;
    /// an answer naming no agent, or a failed call, falls back to the embedding choice. Null: embeddings only.
    /// </summary>
    public string? RouterModel { get; init; }

    /// <summary>A turn whose text holds it (ignoring case) ends the run.</summary>
    public string? StopPhrase { get; init; }

    /// <summary>The run ends once its model calls used this many tokens (in and out).</summary>
    public long? TokenBudget { get; init; }

    /// <summary>The input message's id; a retried run does not append it twice.</summary>
    public string? MessageId { get; init; }

    /// <summary>False: answer at once with the run <c>queued</c> (REST 202); true or null: answer with the ended run.</summary>
    public bool? Wait { get; init; }

    /// <summary>REST: true answers with the run's trace as server-sent events while it runs, then the run.</summary>
    public bool? Stream { get; init; }
}

/// <summary>One agent turn of a panel run.</summary>
/// <param name="Seq">The message's sequence number in the panel.</param>
/// <param name="Role">The message's role, <c>{userId}/{agentId}</c>.</param>
/// <param name="Agent">The agent id.</param>
/// <param name="Reason">Why this agent spoke (the strategy's decision).</param>
[Immutable]
public sealed record PanelRunTurn(long Seq, string Role, string Agent, string Reason);

/// <summary>
/// A run of a panel (<c>panel_sessions/{panel_id}/runs/{run_id}.json</c>): written as it starts, after every turn and as it ends, so
/// a run the silo did not finish is found <c>running</c> at its next activation and marked failed (<see cref="PanelStopReasons.Interrupted"/>)
/// with its turns kept.
/// </summary>
[Immutable]
public sealed record PanelRun
{
    /// <summary>The most turns a run may take.</summary>
    public const int MaxMaxTurns = 100;

    public required string Id { get; init; }

    public required string PanelId { get; init; }

    /// <summary>One of <see cref="AgentRunStatuses"/> but <c>awaiting_approval</c>: queued, running, succeeded, failed, cancelled.</summary>
    public required string Status { get; init; }

    /// <summary>One of <see cref="PanelStopReasons"/> once the run ended.</summary>
    public string? StopReason { get; init; }

    public required string Strategy { get; init; }

    public required string Input { get; init; }

    /// <summary>The input's sequence number in the panel.</summary>
    public long? InputSeq { get; init; }

    /// <summary>The input message's client id, when the request gave one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageId { get; init; }

    public int MaxTurns { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Moderator { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Aggregator { get; init; }

    /// <summary>router: the model that chooses the speakers (<see cref="PanelRunRequest.RouterModel"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RouterModel { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopPhrase { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TokenBudget { get; init; }

    /// <summary>The agent turns taken, oldest first.</summary>
    public IReadOnlyList<PanelRunTurn> Turns { get; init; } = [];

    /// <summary>Tokens of every model call of the run (agents, moderator, aggregator).</summary>
    public AgentRunUsage Usage { get; init; } = new(0, 0);

    /// <summary>How many times the run was resumed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Resumes { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public double? LatencyMs { get; init; }

    /// <summary>Why the run failed; never holds a secret.</summary>
    public string? Error { get; init; }
}

/// <summary>The values of <see cref="PanelTraceEvent.Kind"/>.</summary>
public static class PanelTraceKinds
{
    public const string RunStarted = "run_started";
    public const string RunResumed = "run_resumed";

    /// <summary>Who speaks next and why (<see cref="PanelTraceEvent.Speaker"/>, <see cref="PanelTraceEvent.Reason"/>).</summary>
    public const string SpeakerSelected = "speaker_selected";

    /// <summary>The moderator's answer named no agent, or a handoff named an unknown one: the strategy fell back (reason says how).</summary>
    public const string SelectionFallback = "selection_fallback";

    /// <summary>An agent called the <c>handoff</c> tool naming the next speaker.</summary>
    public const string Handoff = "handoff";

    public const string ModelCalled = "model_called";

    /// <summary>A message appended to the panel: the input or an agent's turn (with its text).</summary>
    public const string MessageAppended = "message_appended";

    /// <summary>An agent failed its turn; it is skipped and the run goes on.</summary>
    public const string ParticipantFailed = "participant_failed";

    /// <summary>A speaking agent's memory setting recalled its user's memories for the turn (as in an agent run).</summary>
    public const string MemoriesRecalled = AgentTraceKinds.MemoriesRecalled;

    /// <summary>The recall failed; the agent speaks without memories.</summary>
    public const string MemoryRecallFailed = AgentTraceKinds.MemoryRecallFailed;

    /// <summary>Memories were extracted after an agent's turn (its setting's <c>extract</c>).</summary>
    public const string MemoriesExtracted = AgentTraceKinds.MemoriesExtracted;

    /// <summary>The extraction failed; the run goes on.</summary>
    public const string MemoryExtractionFailed = AgentTraceKinds.MemoryExtractionFailed;

    /// <summary>A speaking agent called one of its own tools.</summary>
    public const string ToolCalled = AgentTraceKinds.ToolCalled;

    /// <summary>The run went on without a module its agents would have used (memory, tool_use), switched off in this deployment.</summary>
    public const string ModuleDisabled = AgentTraceKinds.ModuleDisabled;

    public const string RunFinished = "run_finished";
    public const string RunFailed = "run_failed";
    public const string RunCancelled = "run_cancelled";
}

/// <summary>
/// One step of a panel run: a line of <c>panel_sessions/{panel_id}/runs/{run_id}.trace.jsonl</c>, published on the stream
/// <c>(multi-agent, {panelId})</c>. Fields a kind does not use are null.
/// </summary>
[Immutable]
public sealed record PanelTraceEvent
{
    public long Seq { get; init; }

    public required string RunId { get; init; }

    public required string PanelId { get; init; }

    /// <summary>One of <see cref="PanelTraceKinds"/>.</summary>
    public required string Kind { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The turn the event belongs to, from 1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Turn { get; init; }

    /// <summary><c>speaker_selected</c>, <c>handoff</c>, <c>participant_failed</c>, <c>model_called</c>: the agent, <c>{userId}/{agentId}</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Speaker { get; init; }

    /// <summary><c>speaker_selected</c>, <c>selection_fallback</c>, <c>handoff</c>: why.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary><c>speaker_selected</c> by router: the similarity of the description to the message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Score { get; init; }

    /// <summary><c>message_appended</c>: the message's role, sequence number in the panel, and text.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MessageSeq { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary><c>model_called</c>: the model, tokens and duration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? InputTokens { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? OutputTokens { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DurationMs { get; init; }

    /// <summary><c>run_finished</c>, <c>run_failed</c>, <c>run_cancelled</c>: the stop reason.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopReason { get; init; }

    /// <summary><c>participant_failed</c>, <c>run_failed</c>, <c>tool_called</c>, <c>memory_recall_failed</c>, <c>memory_extraction_failed</c>, <c>module_disabled</c>: why.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary><c>memories_recalled</c>: the memories recalled for the turn, best first, and whether each is in the prompt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AgentRecalledMemory>? Memories { get; init; }

    /// <summary><c>memories_recalled</c>: the tokens of the memories in the prompt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Tokens { get; init; }

    /// <summary><c>memories_extracted</c>: how many memories the extraction added, updated and deleted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Added { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Updated { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Deleted { get; init; }

    /// <summary><c>tool_called</c>: the tool, the model's id of the call, its arguments (redacted as in agent runs) and the outcome.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tool { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Arguments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Outcome { get; init; }

    /// <summary><c>module_disabled</c>: the module the run went on without (docs/MODULES.md).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Module { get; init; }
}
