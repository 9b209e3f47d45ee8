using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}</c>: the profile (create or replace, read, patch) and deleting the user.</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users/{userId}").WithTags("Users").RequireUserScope();
        users.MapPut("/", PutAsync).Accepts<UserProfileInput>(ApiContentTypes.Json).Produces<UserProfile>().WithName("PutUser");
        users.MapGet("/", GetAsync).Produces<UserProfile>().WithName("GetUser").WithErrors(StatusCodes.Status404NotFound);
        users.MapPatch("/", PatchAsync).Accepts<UserProfilePatch>(ApiContentTypes.Json).Produces<UserProfile>().WithName("PatchUser");
        users.MapDelete("/", DeleteAsync).Produces<UserDeletionReport>().WithName("DeleteUser")
            .WithDescription("Erases everything of the user, their trash included (the right to be forgotten), whatever Storage:BackupBeforeDelete says; "
                + "?trash=true moves the user's sessions and the rest of the user (profile, personas) to the trash instead.")
            .WithFlag("trash", "Move the user to the trash instead of erasing everything.");
    }

    private static async Task<IResult> PutAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var input = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.UserProfileInput, rules.JsonBody, $"profile of user {id}");
        var profile = await grains.GetGrain<IUserGrain>(id).PutProfileAsync(input);
        return ApiResults.Ok(profile, ChatDbJsonContext.Default.UserProfile);
    }

    private static async Task<IResult> GetAsync(string userId, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        return await grains.GetGrain<IUserGrain>(id).GetProfileAsync() is { } profile
            ? ApiResults.Ok(profile, ChatDbJsonContext.Default.UserProfile)
            : ApiResults.NotFound($"user {id} has no profile.");
    }

    private static async Task<IResult> PatchAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var patch = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.UserProfilePatch, rules.JsonBody, $"profile patch of user {id}");
        var profile = await grains.GetGrain<IUserGrain>(id).UpdateProfileAsync(patch);
        return ApiResults.Ok(profile, ChatDbJsonContext.Default.UserProfile);
    }

    private static async Task<IResult> DeleteAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var user = grains.GetGrain<IUserGrain>(id);
        var report = QueryArgs.Flag(context.Request, "trash") ? await user.DeleteToTrashAsync() : await user.DeleteAsync();
        return ApiResults.Ok(report, ChatDbJsonContext.Default.UserDeletionReport);
    }
}
