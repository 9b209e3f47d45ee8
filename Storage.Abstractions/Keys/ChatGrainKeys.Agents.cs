using System.Security.Cryptography;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Keys;

/// <summary>
/// The type names of the agent grains (docs/AGENTS.md). Like <see cref="ChatGrainTypes"/> they are wire names:
/// the storage layout is chosen by them.
/// </summary>
public static class AgentGrainTypes
{
    /// <summary>Key <c>{agentId}</c> (global) or <c>{userId}/{agentId}</c>.</summary>
    public const string Agent = "agent";

    /// <summary>Key <see cref="ChatGrainKeys.Global"/> or <c>{userId}</c>; the ids of a scope's agents.</summary>
    public const string AgentCatalog = "agentcatalog";

    /// <summary>
    /// Key <c>{userId}/{agentId}/{runId}</c>, one run of a user's agent, or <c>{userId}/global/{agentId}/{runId}</c>, one
    /// run of a global agent on that user's session.
    /// </summary>
    public const string AgentRun = "agentrun";

    /// <summary>Key <c>{userId}/{agentId}</c>; the ids of the user's runs of the global agent <c>{agentId}</c>.</summary>
    public const string GlobalAgentRuns = "globalagentruns";

    /// <summary>Key <see cref="ChatGrainKeys.Global"/>; lists the configured models, stores nothing.</summary>
    public const string ModelCatalog = "modelcatalog";
}

/// <summary>A parsed agent grain key; <see cref="UserId"/> is null for a global agent.</summary>
public readonly record struct AgentKey(string? UserId, string AgentId)
{
    public bool IsGlobal => UserId is null;
}

/// <summary>
/// A parsed agent run grain key. <see cref="GlobalAgent"/>: the run is of the global agent <see cref="AgentId"/>, run by
/// (and kept under) <see cref="UserId"/>; otherwise of the user's own agent.
/// </summary>
public readonly record struct AgentRunKey(string UserId, string AgentId, string RunId, bool GlobalAgent = false)
{
    /// <summary>How messages name the run's agent: <c>agent a of user u</c> or <c>global agent a</c>.</summary>
    public string AgentSubject => GlobalAgent ? $"global agent {AgentId}" : $"agent {AgentId} of user {UserId}";
}

/// <summary>Keys of the agent grains, built and parsed like the chat grains' keys.</summary>
public static partial class ChatGrainKeys
{
    /// <summary>Every run id starts with this; 32 lower-case hex digits follow.</summary>
    public const string RunIdPrefix = "run_";

    private const int RunIdHexDigits = 32;

    /// <summary>Key of a panel run grain: <c>{panelId}/{runId}</c>.</summary>
    public static string PanelRun(string panelId, string runId) => Join(panelId, runId);

    /// <summary>Key of a user's agent grain: <c>{userId}/{agentId}</c>.</summary>
    public static string UserAgent(string userId, string agentId) => Join(userId, agentId);

    /// <summary>Key of a global agent grain: <c>{agentId}</c>.</summary>
    public static string GlobalAgent(string agentId)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return agentId;
    }

    /// <summary>Key of an agent catalog grain: the user id, or <see cref="Global"/> when null.</summary>
    public static string AgentCatalog(string? userId) => userId ?? Global;

    /// <summary>Key of an agent run grain: <c>{userId}/{agentId}/{runId}</c>.</summary>
    public static string AgentRun(string userId, string agentId, string runId) => Join(Join(userId, agentId), runId);

    /// <summary>
    /// Key of the run grain of a global agent run by a user: <c>{userId}/global/{agentId}/{runId}</c>. Four segments, so it
    /// never equals the three-segment key of a run of the user's own agent of the same id.
    /// </summary>
    public static string GlobalAgentRun(string userId, string agentId, string runId) => Join(Join(Join(userId, Global), agentId), runId);

    /// <summary>The key of the run grain <paramref name="key"/> names, in either form.</summary>
    public static string AgentRun(AgentRunKey key) =>
        key.GlobalAgent ? GlobalAgentRun(key.UserId, key.AgentId, key.RunId) : AgentRun(key.UserId, key.AgentId, key.RunId);

    /// <summary>Key of the grain listing a user's runs of a global agent: <c>{userId}/{agentId}</c>.</summary>
    public static string GlobalAgentRuns(string userId, string agentId) => Join(userId, agentId);

    /// <summary>A new run id: <see cref="RunIdPrefix"/> and 32 random lower-case hex digits.</summary>
    public static string NewRunId() =>
        RunIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RunIdHexDigits / 2));

    /// <summary>An agent grain key: <c>{agentId}</c> (global) or <c>{userId}/{agentId}</c>.</summary>
    public static AgentKey ParseAgent(string key)
    {
        var segments = Split(key, 1, 2, "agent key", "{agentId} (global) or {userId}/{agentId}");
        return segments.Length == 1
            ? new AgentKey(null, AgentId(segments[0]))
            : new AgentKey(UserId(segments[0]), AgentId(segments[1]));
    }

    /// <summary>The scope of an agent catalog key: null for <see cref="Global"/>, otherwise the user id.</summary>
    public static string? ParseAgentCatalog(string key)
    {
        var segment = Single(key, "agent catalog key", $"'{Global}' or {{userId}}");
        return string.Equals(segment, Global, StringComparison.Ordinal) ? null : UserId(segment);
    }

    /// <summary>An agent run grain key: <c>{userId}/{agentId}/{runId}</c> or <c>{userId}/global/{agentId}/{runId}</c>.</summary>
    public static AgentRunKey ParseAgentRun(string key)
    {
        const string Form = "{userId}/{agentId}/{runId} or {userId}/global/{agentId}/{runId}";
        var segments = Split(key, 3, 4, "agent run key", Form);
        if (segments.Length == 3)
        {
            return new AgentRunKey(UserId(segments[0]), AgentId(segments[1]), RunId(segments[2]));
        }

        if (!string.Equals(segments[1], Global, StringComparison.Ordinal))
        {
            throw new ValidationError(
                $"agent run key {IdText.Escape(key)} is rejected by rule '{KeySegmentsRule}': a four-segment key must have the form {{userId}}/{Global}/{{agentId}}/{{runId}}.");
        }

        return new AgentRunKey(UserId(segments[0]), AgentId(segments[2]), RunId(segments[3]), GlobalAgent: true);
    }

    /// <summary>A key of the grain listing a user's runs of a global agent: <c>{userId}/{agentId}</c>.</summary>
    public static (string UserId, string AgentId) ParseGlobalAgentRuns(string key)
    {
        var segments = Split(key, 2, 2, "global agent runs key", "{userId}/{agentId}");
        return (UserId(segments[0]), AgentId(segments[1]));
    }

    /// <summary>Checks an agent id (the id rules of <see cref="EntityIdValidator"/>).</summary>
    public static string AgentId(string? segment) => EntityIdValidator.Validate(segment, "agent id");

    /// <summary>Checks a run id: <see cref="RunIdPrefix"/> and 32 lower-case hex digits (rule <c>run-id-form</c>).</summary>
    public static string RunId(string? segment)
    {
        EntityIdValidator.Validate(segment, "run id");
        var digits = segment!.StartsWith(RunIdPrefix, StringComparison.Ordinal) ? segment[RunIdPrefix.Length..] : string.Empty;
        if (digits.Length != RunIdHexDigits || !digits.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ValidationError(
                $"run id {IdText.Escape(segment)} is rejected by rule 'run-id-form': it must be {RunIdPrefix} followed by {RunIdHexDigits} lower-case hex digits.");
        }

        return segment;
    }
}
