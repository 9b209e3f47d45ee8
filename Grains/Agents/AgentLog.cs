using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Agents;

/// <summary>Log messages of the agent grains (event ids 3600–3699).</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 3601, Level = LogLevel.Warning,
        Message = "Publishing trace event {Kind} of run {RunId} of user {UserId} failed; the event is stored")]
    public static partial void TracePublishFailed(ILogger logger, Exception error, string userId, string runId, string kind);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Warning,
        Message = "Run {RunId} of agent {AgentId} of user {UserId} was found running at activation; it is marked failed")]
    public static partial void RunInterrupted(ILogger logger, string userId, string agentId, string runId);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Information,
        Message = "Run {RunId} of agent {AgentId} of user {UserId} failed: {Error}")]
    public static partial void RunFailed(ILogger logger, string userId, string agentId, string runId, string error);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Warning,
        Message = "Queued run {RunId} of agent {AgentId} of user {UserId} could not be recorded as it went on; it is marked interrupted at its next activation")]
    public static partial void QueuedRunFailed(ILogger logger, Exception error, string userId, string agentId, string runId);

    // Memories in runs: 3620-3629.
    [LoggerMessage(EventId = 3620, Level = LogLevel.Warning,
        Message = "Recalling memories for run {RunId} of user {UserId} failed; the prompt has none")]
    public static partial void MemoryRecallFailed(ILogger logger, Exception error, string userId, string runId);

    [LoggerMessage(EventId = 3621, Level = LogLevel.Warning,
        Message = "Extracting memories after run {RunId} of user {UserId} failed; the run keeps its result")]
    public static partial void MemoryExtractionFailed(ILogger logger, Exception error, string userId, string runId);

    [LoggerMessage(EventId = 3622, Level = LogLevel.Warning,
        Message = "Retrieving documents for run {RunId} of user {UserId} failed; the run goes on without them")]
    public static partial void KnowledgeRetrievalFailed(ILogger logger, Exception error, string userId, string runId);

    // Tools: 3640-3659.
    [LoggerMessage(EventId = 3640, Level = LogLevel.Information,
        Message = "Tool {Tool} of run {RunId} of user {UserId} failed with {ErrorType}; the model gets an error result")]
    public static partial void ToolFailed(ILogger logger, string userId, string runId, string tool, string errorType);
}
