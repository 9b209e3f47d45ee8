using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}</c>: the profile (create or replace, read, patch) and deleting the user.</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users/{userId}").WithTags("Users").RequireUserScope();
        users.MapPut("/", PutAsync).Accepts<UserProfileInput>(ApiContentTypes.Json).Produces<UserProfile>().WithName("PutUser").WithIfMatch();
        users.MapGet("/", GetAsync).Produces<UserProfile>().WithName("GetUser").WithErrors(StatusCodes.Status404NotFound).WithETagRead();
        users.MapPatch("/", PatchAsync).Accepts<UserProfilePatch>(ApiContentTypes.Json).Produces<UserProfile>().WithName("PatchUser").WithIfMatch();
        users.MapDelete("/", DeleteAsync).Produces<UserDeletionReport>().WithName("DeleteUser").WithIfMatch(answersWithETagOn: null)
            .WithDescription("Erases everything of the user, their trash included (the right to be forgotten), whatever Storage:BackupBeforeDelete says; "
                + "?trash=true moves the user's sessions and the rest of the user (profile, personas) to the trash instead.")
            .WithFlag("trash", "Move the user to the trash instead of erasing everything.");
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
        var user = grains.GetGrain<IUserGrain>(id);
        var expected = EntityTagHeaders.IfMatch(context.Request);
        UserDeletionReport report;
        if (QueryArgs.Flag(context.Request, "trash"))
        {
            report = expected is null
                ? await user.DeleteToTrashAsync()
                : throw new ValidationError("If-Match is not taken with trash=true (rule: no-if-match-with-trash).");
        }
        else
        {
            report = await user.DeleteIfMatchAsync(expected);
        }
        return ApiResults.Ok(report, ChatDbJsonContext.Default.UserDeletionReport);
    }
}
