using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Auth;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}</c>: the profile (create or replace, read, patch) and deleting the user.</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users/{userId}").WithTags("Users").RequireUserScope();
        users.MapPut("/", PutAsync).Accepts<UserProfileInput>(ApiContentTypes.Json).Produces<UserProfile>().WithName("PutUser").WithIfMatch();
        users.MapGet("/", GetAsync).Produces<UserProfile>().WithName("GetUser").WithETagRead();
        users.MapPatch("/", PatchAsync).Accepts<UserProfilePatch>(ApiContentTypes.Json).Produces<UserProfile>().WithName("PatchUser").WithIfMatch();
        users.MapDelete("/", DeleteAsync).Produces<UserDeletionReport>().WithName("DeleteUser").WithIfMatch(answersWithETagOn: null);
    }

    private static async Task<IResult> PutAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var input = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.UserProfileInput, rules.JsonBody, $"profile of user {id}");
        var profile = await grains.GetGrain<IUserGrain>(id).PutProfileIfMatchAsync(input, EntityTagHeaders.IfMatch(context.Request));
        return TaggedResults.Written(context, profile, ChatDbJsonContext.Default.UserProfile);
    }

    private static async Task<IResult> GetAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        return await grains.GetGrain<IUserGrain>(id).GetProfileWithETagAsync() is { } profile
            ? TaggedResults.Read(context, profile, ChatDbJsonContext.Default.UserProfile)
            : ApiResults.NotFound($"user {id} has no profile.");
    }

    private static async Task<IResult> PatchAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var patch = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.UserProfilePatch, rules.JsonBody, $"profile patch of user {id}");
        var profile = await grains.GetGrain<IUserGrain>(id).UpdateProfileIfMatchAsync(patch, EntityTagHeaders.IfMatch(context.Request));
        return TaggedResults.Written(context, profile, ChatDbJsonContext.Default.UserProfile);
    }

    private static async Task<IResult> DeleteAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var report = await grains.GetGrain<IUserGrain>(id).DeleteIfMatchAsync(EntityTagHeaders.IfMatch(context.Request));
        return ApiResults.Ok(report, ChatDbJsonContext.Default.UserDeletionReport);
    }
}
