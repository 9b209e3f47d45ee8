namespace ChatDb.Client.AgentFramework;

/// <summary>How <see cref="ChatDbChatHistoryProvider"/> reads and writes a session.</summary>
public sealed record ChatDbHistoryOptions
{
    /// <summary>
    /// The token budget of the history given to the agent: the newest messages whose stored token counts fit
    /// (<c>MessageQuery.FitTokens</c>). Null to take the newest <see cref="MaxMessages"/> messages instead.
    /// </summary>
    public int? HistoryTokens { get; init; }

    /// <summary>How many of the newest messages the agent gets when <see cref="HistoryTokens"/> is null; at most the server's page size.</summary>
    public int MaxMessages { get; init; } = 100;

    /// <summary>How many messages one append carries; at most the server's <c>Storage:MaxMessagesPerBatch</c> (100 by default).</summary>
    public int MaxMessagesPerBatch { get; init; } = 100;

    /// <summary>The title of a session the provider creates.</summary>
    public string? NewSessionTitle { get; init; }

    internal void Validate()
    {
        if (HistoryTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryTokens), HistoryTokens, "HistoryTokens must be at least 1 (or null for MaxMessages).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessages, 1, nameof(MaxMessages));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessagesPerBatch, 1, nameof(MaxMessagesPerBatch));
    }
}
