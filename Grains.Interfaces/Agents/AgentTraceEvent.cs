using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>The values of <see cref="AgentTraceEvent.Kind"/>.</summary>
public static class AgentTraceKinds
{
    public const string RunStarted = "run_started";
    public const string PromptBuilt = "prompt_built";
    public const string ModelCalled = "model_called";
    public const string ToolCalled = "tool_called";
    public const string MessageAppended = "message_appended";
    public const string RunFinished = "run_finished";
    public const string RunFailed = "run_failed";
    public const string RunCancelled = "run_cancelled";
    public const string ApprovalRequested = "approval_requested";
    public const string ApprovalDecided = "approval_decided";
    public const string MemoriesRecalled = "memories_recalled";
    public const string MemoryRecallFailed = "memory_recall_failed";
    public const string MemoriesExtracted = "memories_extracted";
    public const string MemoryExtractionFailed = "memory_extraction_failed";
    public const string KnowledgeRetrieved = "knowledge_retrieved";
    public const string KnowledgeRetrievalFailed = "knowledge_retrieval_failed";

    /// <summary>The run went on without a module it would have used (memory, tool_use, rag), switched off in this deployment.</summary>
    public const string ModuleDisabled = "module_disabled";
}

/// <summary>A memory a run recalled (trace event <c>memories_recalled</c>), best first.</summary>
/// <param name="Id">The memory id.</param>
/// <param name="Score">Its recall score (only the order is meaningful).</param>
/// <param name="InPrompt">Whether it fit the prompt's budget; the lowest-ranked ones are left out first.</param>
[Immutable]
public sealed record AgentRecalledMemory(string Id, double Score, bool InPrompt);

/// <summary>A document chunk a run retrieved into its prompt (trace event <c>knowledge_retrieved</c>), best first.</summary>
/// <param name="Filename">The document: a knowledge file of the user, or a document of the run's session.</param>
/// <param name="Position">The chunk's position in the document, from 0.</param>
/// <param name="Score">Its retrieval score (only the order is meaningful).</param>
/// <param name="InPrompt">Whether it fit the prompt's budget; the lowest-ranked ones are left out first.</param>
[Immutable]
public sealed record AgentRetrievedChunk(string Filename, int Position, double Score, bool InPrompt);

/// <summary>
/// One step of a run, one line of <c>users/{user_id}/agents/runs/{agent_id}/{run_id}.trace.jsonl</c>, also
/// published on the stream <c>traces/{userId}</c>. Fields a kind does not use are null.
/// </summary>
[Immutable]
public sealed record AgentTraceEvent
{
    /// <summary>Position in the run's trace, from 1.</summary>
    public long Seq { get; init; }

    public required string RunId { get; init; }

    public required string AgentId { get; init; }

    /// <summary>One of <see cref="AgentTraceKinds"/>.</summary>
    public required string Kind { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary><c>prompt_built</c>: messages in the prompt (instructions included).</summary>
    public int? Messages { get; init; }

    /// <summary><c>prompt_built</c>: tokens of the prompt.</summary>
    public int? Tokens { get; init; }

    /// <summary><c>run_started</c>, <c>model_called</c>: the model name.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// <c>run_started</c>: the session the run works on. With <see cref="AgentVersion"/>, <see cref="Model"/> and
    /// <see cref="At"/>, the run as it started: a run answered when it ends writes its record only then, so a silo that
    /// stops mid-run leaves this event as the run's only record, and the next activation ends the run from it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionId { get; init; }

    /// <summary><c>run_started</c>: the version of the agent the run uses.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AgentVersion { get; init; }

    /// <summary><c>model_called</c>: tokens in and out, as the model reported them.</summary>
    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    /// <summary><c>model_called</c>, <c>tool_called</c>, <c>run_finished</c>, the memory events: duration in milliseconds.</summary>
    public double? DurationMs { get; init; }

    /// <summary><c>model_called</c>: the model's finish reason.</summary>
    public string? FinishReason { get; init; }

    /// <summary>
    /// <c>tool_called</c>, <c>approval_requested</c>, <c>approval_decided</c>: the tool, and the outcome: of a call
    /// <c>ok</c>, <c>error</c>, <c>timeout</c>, <c>truncated</c>, <c>rejected</c>, <c>approval_timed_out</c>;
    /// of a decision <c>approved</c>, <c>rejected</c>, <c>timed_out</c>.
    /// </summary>
    public string? Tool { get; init; }

    public string? Outcome { get; init; }

    /// <summary><c>tool_called</c>, <c>approval_requested</c>, <c>approval_decided</c>: the model's id of the call.</summary>
    public string? CallId { get; init; }

    /// <summary>
    /// <c>tool_called</c>, <c>approval_requested</c>: the call's arguments, with the values of the names of
    /// <c>Agents:Trace:RedactArguments</c> shown as <c>[redacted]</c>; null when <c>Agents:Trace:DropArguments</c> is set.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Arguments { get; init; }

    /// <summary><c>message_appended</c>: the message's role and sequence number in the session.</summary>
    public string? Role { get; init; }

    public long? MessageSeq { get; init; }

    /// <summary><c>run_finished</c>, <c>run_failed</c>, <c>run_cancelled</c>: the stop reason.</summary>
    public string? StopReason { get; init; }

    /// <summary>
    /// <c>run_finished</c>, <c>run_failed</c>, <c>run_cancelled</c>: the run as it ended, the answer included. A run
    /// answered when it ends that never waited for an approval writes no record file: this event is its record, read
    /// back when the run is next activated. A run with a record file writes it beside this event, which stays the
    /// newer of the two should a crash come between them. Null in traces written before format 8.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AgentRun? Run { get; init; }

    /// <summary>
    /// <c>run_failed</c>: why; <c>tool_called</c>: the tool's error; <c>approval_decided</c>: the user's reason;
    /// <c>memory_recall_failed</c>, <c>memory_extraction_failed</c>, <c>knowledge_retrieval_failed</c>: what failed.
    /// </summary>
    public string? Error { get; init; }

    /// <summary><c>memories_recalled</c>: the memories recalled for the input, best first, and whether each is in the prompt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AgentRecalledMemory>? Memories { get; init; }

    /// <summary><c>knowledge_retrieved</c>: the chunks retrieved for the input, best first, and whether each is in the prompt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AgentRetrievedChunk>? Chunks { get; init; }

    /// <summary><c>memories_extracted</c>: how many memories the extraction added, updated and deleted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Added { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Updated { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Deleted { get; init; }

    /// <summary><c>module_disabled</c>: the module the run went on without (docs/MODULES.md).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Module { get; init; }
}
