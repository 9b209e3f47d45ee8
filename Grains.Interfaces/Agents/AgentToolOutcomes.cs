namespace ChatDb.Grains.Models;

/// <summary>The outcomes of a tool call (<see cref="AgentToolCall.Outcome"/>, <c>tool_called</c>) and of an approval (<c>approval_decided</c>).</summary>
public static class AgentToolOutcomes
{
    /// <summary>The tool ran and its result went to the model.</summary>
    public const string Ok = "ok";

    /// <summary>The tool failed (or is unknown); the model got its error.</summary>
    public const string Error = "error";

    /// <summary>The tool ran past <c>Agents:ToolTimeoutSeconds</c>.</summary>
    public const string Timeout = "timeout";

    /// <summary>The result was longer than <c>Agents:MaxToolResultChars</c>; the model got its beginning, marked.</summary>
    public const string Truncated = "truncated";

    /// <summary>The user rejected the call; the tool did not run.</summary>
    public const string Rejected = "rejected";

    /// <summary>No decision came within <c>Agents:ApprovalTimeoutSeconds</c>; the tool did not run.</summary>
    public const string ApprovalTimedOut = "approval_timed_out";

    /// <summary>Decisions (<c>approval_decided</c>).</summary>
    public const string Approved = "approved";

    public const string TimedOut = "timed_out";
}
