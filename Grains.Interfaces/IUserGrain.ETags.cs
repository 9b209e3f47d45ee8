using ChatDb.Grains.Models;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// The profile with its ETag, and writes that happen only when the caller's expected ETag is still the current
/// one (<see cref="IfMatch"/>; null: no condition). The check and the write run in one grain turn, so no other
/// write comes between them; a stale ETag throws <c>PreconditionFailedError</c> and nothing is written.
/// </summary>
public partial interface IUserGrain
{
    /// <summary>The profile and its ETag, or null when none was stored.</summary>
    [ReadOnly]
    Task<ETagged<UserProfile>?> GetProfileWithETagAsync();

    /// <summary><see cref="PutProfileAsync"/> when the stored profile's ETag is <paramref name="ifMatch"/> (a missing profile matches nothing).</summary>
    Task<ETagged<UserProfile>> PutProfileIfMatchAsync(UserProfileInput profile, string? ifMatch);

    /// <summary><see cref="UpdateProfileAsync"/> when the stored profile's ETag is <paramref name="ifMatch"/>; NotFoundError without a profile.</summary>
    Task<ETagged<UserProfile>> UpdateProfileIfMatchAsync(UserProfilePatch patch, string? ifMatch);

    /// <summary><see cref="DeleteAsync"/> when the stored profile's ETag is <paramref name="ifMatch"/> (a user without a profile matches nothing).</summary>
    Task<UserDeletionReport> DeleteIfMatchAsync(string? ifMatch);
}
