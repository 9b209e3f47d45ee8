using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>What deleting one session removed.</summary>
/// <param name="UserId">The owner.</param>
/// <param name="SessionId">The deleted session.</param>
/// <param name="Messages">Messages removed.</param>
/// <param name="Documents">Uploaded documents removed.</param>
/// <param name="ContextSnapshots">Context history snapshots removed.</param>
/// <param name="FilesRemoved">Files the storage reported removed for the session (provider dependent: the
/// flatfile provider counts every file of the session directory, the memory provider only grain files); 0 when the
/// session went to the trash.</param>
[Immutable]
public sealed record SessionDeletionReport(
    string UserId,
    string SessionId,
    long Messages,
    int Documents,
    int ContextSnapshots,
    long FilesRemoved)
{
    /// <summary>When the session went to the trash (restorable until retention erases it); null when it was erased at once.</summary>
    public DateTimeOffset? TrashedAt { get; init; }
}

/// <summary>What deleting a user removed: the profile, every session and the user's own personas.</summary>
/// <param name="UserId">The deleted user.</param>
/// <param name="ProfileDeleted">Whether a profile existed.</param>
/// <param name="Sessions">Sessions deleted.</param>
/// <param name="Messages">Messages removed across those sessions.</param>
/// <param name="Documents">Documents removed across those sessions.</param>
/// <param name="Personas">User personas deleted.</param>
/// <param name="FilesRemoved">Files the storage reported removed, sessions and personas included.</param>
[Immutable]
public sealed record UserDeletionReport(
    string UserId,
    bool ProfileDeleted,
    int Sessions,
    long Messages,
    int Documents,
    int Personas,
    long FilesRemoved)
{
    /// <summary>When the user went to the trash (<c>?trash=true</c>); null when everything of the user was erased.</summary>
    public DateTimeOffset? TrashedAt { get; init; }
}
