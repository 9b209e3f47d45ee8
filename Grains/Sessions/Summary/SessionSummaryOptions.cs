namespace ChatDb.Grains.Sessions.Summary;

/// <summary>
/// The rolling summary of sessions (section <c>Memory:Summary</c>, docs/MEMORY.md): when the messages not yet in the
/// summary pass <see cref="ThresholdTokens"/>, everything but the newest <see cref="KeepRecentTokens"/> is folded into
/// the session's situational context by <see cref="Model"/>.
/// </summary>
public sealed class SessionSummaryOptions
{
    public const string SectionName = "Memory:Summary";

    /// <summary>Tokens of unsummarized history that start a summary; 0 turns rolling summaries off (the route still works).</summary>
    public int ThresholdTokens { get; set; } = 8_000;

    /// <summary>The newest messages up to this many tokens stay out of the summary: the recent turns a prompt shows verbatim.</summary>
    public int KeepRecentTokens { get; set; } = 2_000;

    /// <summary>A chat model of the <c>Models</c> section; <c>offline</c> (extractive, no network) by default.</summary>
    public string Model { get; set; } = "offline";

    /// <summary>
    /// The least time between two summaries of one session made on their own (the explicit call is not held back); a
    /// session flooded with appends pays the summary's writes at most this often. 0: no limit.
    /// </summary>
    public int MinIntervalSeconds { get; set; } = 60;

    /// <summary>Appended tokens between two looks of the summary grain: a quarter of the threshold.</summary>
    public int CheckEveryTokens => Math.Max(1, ThresholdTokens / 4);
}
