using ChatDb.Grains.Models;

namespace ChatDb.Grains.Users;

/// <summary>
/// The user's session index (state <c>sessions</c>, <c>users/{u}/.index/sessions.json</c>): what
/// <see cref="IUserGrain.ListSessionsAsync"/> serves without touching the sessions.
/// </summary>
public sealed class SessionIndex
{
    /// <summary>The newest session id ever handed out, kept after its session is deleted so no id is reused.</summary>
    public string? LastIssuedId { get; set; }

    /// <summary>Every session of the user, ordered by id.</summary>
    public List<ChatSession> Sessions { get; set; } = [];
}
