namespace ChatDb.Grains.Agents.Tools;

/// <summary>
/// How agent runs treat their tools (configuration section <c>Agents</c>, docs/AGENTS.md "Tools"): how long a tool
/// may run, how large a result may be, how long a run waits for an approval, and what the trace shows of arguments.
/// </summary>
public sealed class AgentToolOptions
{
    public const string SectionName = "Agents";

    /// <summary>How long one tool call may take before it gives the model a timeout error.</summary>
    public int ToolTimeoutSeconds { get; set; } = 30;

    /// <summary>The longest tool result (its JSON text) the model gets; a longer one is cut and marked truncated.</summary>
    public int MaxToolResultChars { get; set; } = 16_000;

    /// <summary>How long a run waits for the decision on a tool call that needs approval.</summary>
    public int ApprovalTimeoutSeconds { get; set; } = 300;

    /// <summary>What <c>tool_called</c> and <c>approval_requested</c> trace events show of the arguments.</summary>
    public AgentTraceArgumentOptions Trace { get; set; } = new();
}

/// <summary>The <c>Agents:Trace</c> section: redaction of tool arguments in traces.</summary>
public sealed class AgentTraceArgumentOptions
{
    /// <summary>The argument names redacted when <see cref="RedactArguments"/> is not configured.</summary>
    public static IReadOnlyList<string> DefaultRedactedNames { get; } = ["password", "api_key", "apikey", "token", "secret", "authorization"];

    /// <summary>
    /// Argument names (case-insensitive, at any depth of the arguments) whose values the trace shows as
    /// <c>[redacted]</c>; <see cref="DefaultRedactedNames"/> when not configured. Configured names replace the defaults.
    /// </summary>
    public string[]? RedactArguments { get; set; }

    /// <summary>When true the trace carries no arguments at all.</summary>
    public bool DropArguments { get; set; }
}
