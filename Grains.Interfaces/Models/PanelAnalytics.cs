using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>Figures of one panel's conversation, computed from its message log and insights when asked.</summary>
/// <param name="PanelId">The panel.</param>
/// <param name="Messages">Messages in the log.</param>
/// <param name="MessagesByRole">Messages per role: each persona of the panel (0 when it has not spoken yet), and
/// every other role that spoke (user, system, moderator, or a persona since removed).</param>
/// <param name="Turns">Turns: runs of consecutive messages with the same role count as one.</param>
/// <param name="FirstActivity">Timestamp of the first message; null when there is none.</param>
/// <param name="LastActivity">Timestamp of the newest message; null when there is none.</param>
/// <param name="Insights">Insights saved for the panel.</param>
[Immutable]
public sealed record PanelAnalytics(
    string PanelId,
    long Messages,
    IReadOnlyDictionary<string, long> MessagesByRole,
    long Turns,
    DateTimeOffset? FirstActivity,
    DateTimeOffset? LastActivity,
    int Insights);
