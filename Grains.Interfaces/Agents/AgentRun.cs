using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Body of <c>POST /users/{u}/agents/{a}/runs</c> (and <c>/users/{u}/global-agents/{a}/runs</c>): one turn of the agent on
/// a session of that user.
/// </summary>
[Immutable]
public sealed record AgentRunRequest
{
    /// <summary>A session of the agent's owner; the input and the answer are appended to it.</summary>
    public required string SessionId { get; init; }

    /// <summary>The user's message text.</summary>
    public required string Input { get; init; }

    /// <summary>The user message's id; a retried run with the same id does not append the input twice.</summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// False: answer at once with the run <c>queued</c> (REST 202) while it proceeds in its grain; true or null: answer
    /// with the finished run.
    /// </summary>
    public bool? Wait { get; init; }

    /// <summary>True: the model's answer is streamed as it arrives (REST: server-sent <c>delta</c> events, then <c>run</c>).</summary>
    public bool? Stream { get; init; }
}

/// <summary>The values of <see cref="AgentRunUpdate.Kind"/>.</summary>
public static class AgentRunUpdateKinds
{
    /// <summary>A piece of the assistant's text, as the model produced it.</summary>
    public const string Delta = "delta";

    /// <summary>The run as it ended; always the last update.</summary>
    public const string Run = "run";
}

/// <summary>One update of a followed run: a <c>delta</c> of the answer's text, or the ended <c>run</c> (the last one).</summary>
[Immutable]
public sealed record AgentRunUpdate
{
    /// <summary>One of <see cref="AgentRunUpdateKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary><c>delta</c>: the text that arrived.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary><c>run</c>: the ended run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AgentRun? Run { get; init; }
}

/// <summary>The values of <see cref="AgentRun.Status"/>.</summary>
public static class AgentRunStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";

    /// <summary>The run waits for the user's decision on a tool call (<see cref="AgentRun.PendingApproval"/>).</summary>
    public const string AwaitingApproval = "awaiting_approval";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>The values of <see cref="AgentRun.StopReason"/>.</summary>
public static class AgentStopReasons
{
    /// <summary>The model finished its answer.</summary>
    public const string Completed = "completed";

    /// <summary>The answer reached the agent's <c>maxOutputTokens</c>.</summary>
    public const string Length = "length";

    /// <summary>The model kept asking for tools past the round limit.</summary>
    public const string ToolRounds = "tool_rounds";

    /// <summary>The run failed; <see cref="AgentRun.Error"/> says why.</summary>
    public const string Error = "error";

    /// <summary>The silo stopped while the run was running.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>A caller cancelled the run.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>Tokens of one run, summed over its model calls.</summary>
[Immutable]
public sealed record AgentRunUsage(long InputTokens, long OutputTokens);

/// <summary>A tool call of a run.</summary>
/// <param name="CallId">The model's id of the call.</param>
/// <param name="Name">The tool.</param>
/// <param name="Outcome"><c>ok</c>, <c>error</c>, <c>timeout</c>, <c>truncated</c>, <c>rejected</c> or <c>approval_timed_out</c>.</param>
/// <param name="DurationMs">How long the tool ran.</param>
[Immutable]
public sealed record AgentToolCall(string CallId, string Name, string Outcome, double DurationMs);

/// <summary>
/// One run of an agent (<c>users/{user_id}/agents/runs/{agent_id}/{run_id}...</c>, or <c>.../global_runs/...</c> for a
/// global agent run by the user). Stored in the trace's end event (<see cref="AgentTraceEvent.Run"/>), and in the record
/// file <c>{run_id}.json</c> of a run queued or one that waited for an approval; a run the silo did not finish is
/// found unended and marked failed (<see cref="AgentStopReasons.Interrupted"/>) when the run is next activated
/// (docs/STORAGE.md §10).
/// </summary>
[Immutable]
public sealed record AgentRun
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string AgentId { get; init; }

    /// <summary>
    /// True when <see cref="AgentId"/> is a global agent the user ran on their own session (kept under
    /// <c>users/{user_id}/agents/global_runs/</c>); left out when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool GlobalAgent { get; init; }

    /// <summary>The version of the agent definition the run used.</summary>
    public int AgentVersion { get; init; }

    public required string SessionId { get; init; }

    /// <summary>One of <see cref="AgentRunStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>One of <see cref="AgentStopReasons"/> once the run ended; null while it runs.</summary>
    public string? StopReason { get; init; }

    /// <summary>The model name of the configuration.</summary>
    public required string Model { get; init; }

    /// <summary>Sequence number of the user's message in the session.</summary>
    public long? InputSeq { get; init; }

    /// <summary>Sequence number of the assistant's message; null until it is appended.</summary>
    public long? OutputSeq { get; init; }

    /// <summary>The assistant's message as appended; null until then.</summary>
    public ChatMessage? Message { get; init; }

    public AgentRunUsage Usage { get; init; } = new(0, 0);

    public IReadOnlyList<AgentToolCall> ToolCalls { get; init; } = [];

    /// <summary>The tool call the run waits to have approved while <see cref="Status"/> is <c>awaiting_approval</c>; else null.</summary>
    public AgentPendingApproval? PendingApproval { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Wall-clock time of the run so far, in milliseconds.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Why the run failed; never holds a secret.</summary>
    public string? Error { get; init; }
}

/// <summary>A tool call that waits for the user's decision.</summary>
/// <param name="CallId">The model's id of the call; the decision names it.</param>
/// <param name="Tool">The tool.</param>
/// <param name="Arguments">The call's arguments, redacted as in the trace; null when the trace drops arguments.</param>
/// <param name="RequestedAt">When the run began to wait.</param>
/// <param name="ExpiresAt">When the wait ends as <c>timed_out</c> (<c>Agents:ApprovalTimeoutSeconds</c>).</param>
[Immutable]
public sealed record AgentPendingApproval(
    string CallId,
    string Tool,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] System.Text.Json.JsonElement? Arguments,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt);

/// <summary>Body of <c>POST /users/{u}/agents/{a}/runs/{runId}/approvals</c>: the user's decision on a pending tool call.</summary>
[Immutable]
public sealed record AgentApprovalDecision
{
    /// <summary>The pending call (<see cref="AgentPendingApproval.CallId"/>).</summary>
    public required string CallId { get; init; }

    /// <summary>True runs the tool; false gives the model the error "rejected by the user".</summary>
    public required bool Approved { get; init; }

    /// <summary>Why, for the trace and the model (at most 1,000 characters).</summary>
    public string? Reason { get; init; }
}
