namespace ChatDb.Storage.Retention;

/// <summary>One entity retention may act on, with the ids that route the action to its owning grain.</summary>
/// <param name="Action">What the plan proposes.</param>
/// <param name="Subject">The ids as a log names them ("user 'u' session 's'", "panel 'p' insight 'i'").</param>
/// <param name="UserId">The user of a session; null for an insight.</param>
/// <param name="SessionId">The session; null for an insight.</param>
/// <param name="PanelId">The panel of an insight; null for a session.</param>
public sealed record RetentionCandidate(RetentionAction Action, string Subject, string? UserId, string? SessionId, string? PanelId);
