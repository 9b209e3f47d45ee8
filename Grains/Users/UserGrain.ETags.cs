using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Users;

public sealed partial class UserGrain
{
    public Task<ETagged<UserProfile>?> GetProfileWithETagAsync() =>
        Task.FromResult(_profile.State is { } profile ? EntityTags.Tag(profile) : null);

    public async Task<ETagged<UserProfile>> PutProfileIfMatchAsync(UserProfileInput profile, string? ifMatch)
    {
        EnsureProfileMatches(ifMatch);
        return EntityTags.Tag(await PutProfileAsync(profile));
    }

    public async Task<ETagged<UserProfile>> UpdateProfileIfMatchAsync(UserProfilePatch patch, string? ifMatch)
    {
        // A missing profile is UpdateProfileAsync's NotFoundError, not a failed precondition.
        if (_profile.State is not null)
        {
            EnsureProfileMatches(ifMatch);
        }

        return EntityTags.Tag(await UpdateProfileAsync(patch));
    }

    public async Task<UserDeletionReport> DeleteIfMatchAsync(string? ifMatch)
    {
        EnsureProfileMatches(ifMatch);
        return await DeleteAsync();
    }

    private void EnsureProfileMatches(string? ifMatch) =>
        EntityTags.Ensure(ifMatch, () => _profile.State is { } profile ? EntityTags.Of(profile) : null, "profile of " + Subject);
}
