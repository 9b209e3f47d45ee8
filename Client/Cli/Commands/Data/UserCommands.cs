using ChatDb.Storage;
using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb user create|get|update|delete</c>.</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The user id." };
        var name = new Option<string>("--name") { Description = "Display name." };
        var preferences = new Option<string>("--preferences") { Description = "Preferences as a JSON object, or @file.json." };
        var ifMatch = ETagArgs.IfMatchOption();
        var create = new Command("create", "Create the user's profile (or replace it).") { userId, name, preferences, ifMatch };
        create.SetAction((parse, token) => DataRunner.RunAsync(parse, "user create", async (client, output, cancel) =>
        {
            var input = new UserProfileInput
            {
                DisplayName = parse.GetValue(name),
                Preferences = JsonArgs.OptionalObject(parse.GetValue(preferences), "--preferences"),
            };
            var profile = await client.PutUserProfileIfMatchAsync(parse.GetValue(userId)!, input, ETagArgs.IfMatch(parse.GetValue(ifMatch)), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(profile.Value, ChatDbJsonContext.Default.UserProfile, Lines).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, profile).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var get = new Command("get", "Show the user's profile.") { userId };
        get.SetAction((parse, token) => DataRunner.RunAsync(parse, "user get", async (client, output, cancel) =>
        {
            var id = parse.GetValue(userId)!;
            var profile = await client.GetUserProfileWithETagAsync(id, cancel).ConfigureAwait(false)
                ?? throw new NotFoundError($"user {id} has no profile.");
            await output.WriteAsync(profile.Value, ChatDbJsonContext.Default.UserProfile, Lines).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, profile).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var data = new Option<string>("--data") { Description = "Data to merge: a JSON object, inline or @file.json (a null value removes a key)." };
        var update = new Command("update", "Merge changes into the user's profile: --name replaces the name, --preferences and --data merge key by key.")
        {
            userId, name, preferences, data, ifMatch,
        };
        update.SetAction((parse, token) => DataRunner.RunAsync(parse, "user update", async (client, output, cancel) =>
        {
            var patch = new UserProfilePatch
            {
                DisplayName = parse.GetValue(name),
                Preferences = JsonArgs.OptionalObject(parse.GetValue(preferences), "--preferences"),
                Data = JsonArgs.OptionalObject(parse.GetValue(data), "--data"),
            };
            if (patch.DisplayName is null && patch.Preferences is null && patch.Data is null)
            {
                throw new ValidationError("user update: give at least one of --name, --preferences and --data.");
            }

            var profile = await client.UpdateUserProfileIfMatchAsync(parse.GetValue(userId)!, patch, ETagArgs.IfMatch(parse.GetValue(ifMatch)), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(profile.Value, ChatDbJsonContext.Default.UserProfile, Lines).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, profile).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var toTrash = new Option<bool>("--trash") { Description = "Move the user's sessions and the rest of the user to the trash instead of erasing everything." };
        var delete = new Command("delete", "Erase the user and everything of the user, their trash included.") { userId, toTrash, ifMatch };
        delete.SetAction((parse, token) => DataRunner.RunAsync(parse, "user delete", async (client, output, cancel) =>
        {
            var expected = ETagArgs.IfMatch(parse.GetValue(ifMatch));
            if (parse.GetValue(toTrash) && expected is not null)
            {
                throw new ValidationError("--if-match is not taken with --trash (rule: no-if-match-with-trash).");
            }

            var report = parse.GetValue(toTrash)
                ? await client.DeleteUserToTrashAsync(parse.GetValue(userId)!, cancel).ConfigureAwait(false)
                : await client.DeleteUserIfMatchAsync(parse.GetValue(userId)!, expected, cancel).ConfigureAwait(false);
            await output.WriteAsync(report, ChatDbJsonContext.Default.UserDeletionReport, r =>
                [$"{(r.TrashedAt is null ? "deleted user " + r.UserId : $"moved user {r.UserId} to the trash")}: {r.Sessions} session(s), {r.Messages} message(s), {r.Documents} document(s), {r.Personas} persona(s)"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("user", "User profiles.", create, get, update, delete);
    }

    private static IEnumerable<string> Lines(UserProfile profile) =>
    [
        $"user:        {profile.UserId}",
        $"name:        {profile.DisplayName ?? "-"}",
        $"created:     {Text.Time(profile.CreatedAt)}",
        $"updated:     {Text.Time(profile.UpdatedAt)}",
        $"preferences: {Text.Map(profile.Preferences)}",
    ];
}
