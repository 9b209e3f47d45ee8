using ChatDb.Storage;
using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb persona put|get|list|share|publish</c>: global personas, or a user's own with <c>--user</c>.</summary>
internal static class PersonaCommands
{
    public static Command Create()
    {
        var personaId = new Argument<string>("persona-id") { Description = "The persona id." };
        var data = new Argument<string>("definition") { Description = "The persona definition as a JSON object, or @file.json." };
        var user = new Option<string>("--user") { Description = "The user whose own persona this is (default: a global persona)." };
        var ifMatch = ETagArgs.IfMatchOption();
        var put = new Command("put", "Save a new version of a persona.") { personaId, data, user, ifMatch };
        put.SetAction((parse, token) => DataRunner.RunAsync(parse, "persona put", async (client, output, cancel) =>
        {
            var persona = await client.SavePersonaIfMatchAsync(parse.GetValue(personaId)!, JsonArgs.Object(parse.GetValue(data)!, "the persona definition"),
                parse.GetValue(user), ETagArgs.IfMatch(parse.GetValue(ifMatch)), cancel).ConfigureAwait(false);
            await output.WriteAsync(persona.Value, ChatDbJsonContext.Default.Persona, p => [$"{Describe(p)} saved as version {p.Version}"]).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, persona).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var get = new Command("get", "Show the latest version of a persona.") { personaId, user };
        get.SetAction((parse, token) => DataRunner.RunAsync(parse, "persona get", async (client, output, cancel) =>
        {
            var id = parse.GetValue(personaId)!;
            var persona = await client.GetPersonaWithETagAsync(id, parse.GetValue(user), cancel).ConfigureAwait(false)
                ?? throw new NotFoundError(parse.GetValue(user) is { } owner ? $"persona {id} of user {owner} does not exist." : $"global persona {id} does not exist.");
            await output.WriteAsync(persona.Value, ChatDbJsonContext.Default.Persona, p => [$"{Describe(p)} version {p.Version}", Text.Map(p.Data)]).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, persona).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var text = new Option<string>("--query", "-q") { Description = "Only personas whose id, name, description or text contains this (case-insensitive)." };
        var list = new Command("list", "List the global personas; with --user the user's own first, then the global ones.") { user, text };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "persona list", async (client, output, cancel) =>
        {
            var personas = await client.FindPersonasAsync(parse.GetValue(user), parse.GetValue(text), cancel).ConfigureAwait(false);
            await output.WriteAsync(personas, ChatDbJsonContext.Default.IReadOnlyListPersona,
                all => all.Select(p => $"{p.Id}  {p.Scope ?? (p.UserId is null ? PersonaScopes.Global : PersonaScopes.User)}  v{p.Version}  {Text.Time(p.UpdatedAt)}"))
                .ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var owner = new Argument<string>("user-id") { Description = "The user whose persona it is." };
        var toUser = new Argument<string>("to-user-id") { Description = "The user who receives the copy." };
        var asId = new Option<string>("--as") { Description = "The copy's persona id (default: the same id)." };
        var share = new Command("share", "Copy a user's persona to another user, recording where it came from (admin key).") { owner, personaId, toUser, asId };
        share.SetAction((parse, token) => DataRunner.RunAsync(parse, "persona share", async (client, output, cancel) =>
        {
            var copy = await client.SharePersonaAsync(parse.GetValue(owner)!, parse.GetValue(personaId)!, parse.GetValue(toUser)!, parse.GetValue(asId), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(copy, ChatDbJsonContext.Default.Persona, p => [$"shared as {Describe(p)}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var publish = new Command("publish", "Copy a user's persona as a global persona, recording where it came from (admin key).") { owner, personaId, asId };
        publish.SetAction((parse, token) => DataRunner.RunAsync(parse, "persona publish", async (client, output, cancel) =>
        {
            var copy = await client.PublishPersonaAsync(parse.GetValue(owner)!, parse.GetValue(personaId)!, parse.GetValue(asId), cancel).ConfigureAwait(false);
            await output.WriteAsync(copy, ChatDbJsonContext.Default.Persona, p => [$"published as {Describe(p)}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("persona", "Persona definitions.", put, get, list, share, publish);
    }

    private static string Describe(Persona persona) =>
        persona.UserId is null ? $"global persona {persona.Id}" : $"persona {persona.Id} of user {persona.UserId}";
}
