namespace ChatDb.Storage.Export;

/// <summary>What a live export covers: one user (everything under <c>users/{user_id}/</c>), one session of a user,
/// or one panel (<c>panel_sessions/{panel_id}/</c>).</summary>
public sealed record ExportScope
{
    private ExportScope(string? userId, string? sessionId, string? panelId)
    {
        UserId = userId;
        SessionId = sessionId;
        PanelId = panelId;
    }

    public string? UserId { get; }

    public string? SessionId { get; }

    public string? PanelId { get; }

    public static ExportScope User(string userId) => new(userId, null, null);

    public static ExportScope Session(string userId, string sessionId) => new(userId, sessionId, null);

    public static ExportScope Panel(string panelId) => new(null, null, panelId);

    public override string ToString() =>
        PanelId is not null ? $"panel '{PanelId}'" : SessionId is not null ? $"session '{SessionId}' of user '{UserId}'" : $"user '{UserId}'";
}
