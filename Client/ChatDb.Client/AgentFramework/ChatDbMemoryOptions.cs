using ChatDb.Grains.Models;

namespace ChatDb.Client.AgentFramework;

/// <summary>How <see cref="ChatDbMemoryProvider"/> recalls and extracts a user's long-term memories.</summary>
public sealed record ChatDbMemoryOptions
{
    /// <summary>How many memories to recall for the user's newest message, 1 to <see cref="MemoryRecallQuery.MaxK"/>; 5 by default.</summary>
    public int Recall { get; init; } = MemoryRecallQuery.DefaultK;

    /// <summary>Recall only this agent's memories and the user's unscoped ones (and scope extracted ones to it); null: every memory of the user.</summary>
    public string? AgentId { get; init; }

    /// <summary>
    /// After each successful invocation, extract memories from the turn's messages in the ChatDb session
    /// (<see cref="SessionId"/>, else the session of <see cref="History"/>). Off by default.
    /// </summary>
    public bool ExtractAfterInvocation { get; init; }

    /// <summary>The ChatDb session extraction reads, when the agent's history is not a <see cref="ChatDbChatHistoryProvider"/>.</summary>
    public string? SessionId { get; init; }

    /// <summary>The agent's ChatDb history: extraction reads the session it keeps the agent session's conversation in.</summary>
    public ChatDbChatHistoryProvider? History { get; init; }

    /// <summary>Called with what each extraction changed.</summary>
    public Action<MemoryExtractionResult>? Extracted { get; init; }

    /// <summary>
    /// Called when an extraction fails. The invocation has succeeded by then, so the failure never reaches the caller of
    /// the agent: without this callback it is dropped.
    /// </summary>
    public Action<Exception>? ExtractionFailed { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Recall, 1, nameof(Recall));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Recall, MemoryRecallQuery.MaxK, nameof(Recall));
        if (ExtractAfterInvocation && SessionId is null && History is null)
        {
            throw new ArgumentException(
                $"{nameof(ExtractAfterInvocation)} needs the ChatDb session to read: set {nameof(SessionId)} or {nameof(History)}.", nameof(ExtractAfterInvocation));
        }

        if (SessionId is not null && History is not null)
        {
            throw new ArgumentException($"Set one of {nameof(SessionId)} and {nameof(History)}, not both.", nameof(SessionId));
        }
    }
}
