using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// <c>/users/{userId}/sessions/{sessionId}/messages/{seq}</c> (edit, delete, redact) and
/// <c>/users/{userId}/sessions/{sessionId}/fork</c>: changes that never renumber messages (docs/API.md, "Editing and forking").
/// </summary>
internal static class MessageEditEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        const string Message = "/users/{userId}/sessions/{sessionId}/messages/{seq}";
        api.MapPatch(Message, EditAsync).WithTags("Messages").RequireUserScope().Accepts<MessagePatch>(ApiContentTypes.Json)
            .Produces<ChatMessage>().WithName("EditMessage")
            .WithDescription("A new version of the message: content replaces, metadata is merged (a key set to null is removed). "
                + "The answer is the current version with edited: true. 404 for a seq the session does not have, or a deleted or redacted one.");
        api.MapDelete(Message, DeleteAsync).WithTags("Messages").RequireUserScope().Produces(StatusCodes.Status204NoContent).WithName("DeleteMessage")
            .WithDescription("Reads skip the message from now on; its seq stays taken (seqs never move). Deleting it again changes nothing.");
        api.MapPost(Message + "/redact", RedactAsync).WithTags("Messages").RequireUserScope().Produces(StatusCodes.Status204NoContent).WithName("RedactMessage")
            // Message 1 is the one the edit and delete examples change; a redacted message can no longer be edited.
            .WithPathExample("seq", "2")
            .WithDescription("Erases the message's content and metadata from every file of the session and of its forks (GDPR); "
                + "reads skip it, a content-free audit record stays. Backups taken before keep the content.");
        api.MapPost("/users/{userId}/sessions/{sessionId}/fork", ForkAsync).WithTags("Sessions").RequireUserScope().Accepts<ForkRequest>(ApiContentTypes.Json)
            .Produces<ChatSession>(StatusCodes.Status201Created).WithName("ForkSession")
            .WithDescription("A new session holding messages 1..atSeq (default: the last) as they read now, the context and the documents "
                + "those messages refer to; the body is optional. 400 for atSeq beyond the last message.");
    }

    /// <summary>A message sequence number from the route: an integer, else a 400 naming it; one the session lacks is the grain's 404.</summary>
    internal static long Seq(string seq) =>
        long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ValidationError($"message seq {IdText.Escape(seq)} must be a positive integer (rule: seq-is-integer).");

    private static async Task<IResult> EditAsync(string userId, string sessionId, string seq, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var number = Seq(seq);
        var patch = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.MessagePatch, rules.JsonBody, $"edit of message {number} of {subject}");
        var edited = await grain.EditMessageAsync(number, patch);
        return ApiResults.Ok(edited, ChatDbJsonContext.Default.ChatMessage);
    }

    private static async Task<IResult> DeleteAsync(string userId, string sessionId, string seq, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        await grain.DeleteMessageAsync(Seq(seq));
        return Results.NoContent();
    }

    private static async Task<IResult> RedactAsync(string userId, string sessionId, string seq, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        // The audit record names the API key that asked (its name, never the secret).
        await grain.RedactMessageAsync(Seq(seq), context.User.Identity?.Name);
        return Results.NoContent();
    }

    private static async Task<IResult> ForkAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var request = await RequestBody.ReadOptionalJsonAsync(context, ChatDbJsonContext.Default.ForkRequest, rules.JsonBody, "fork of " + subject);
        var fork = await grain.ForkAsync(request ?? new ForkRequest());
        return ApiResults.Created(context, SessionEndpoints.Location(fork), fork, ChatDbJsonContext.Default.ChatSession);
    }
}
