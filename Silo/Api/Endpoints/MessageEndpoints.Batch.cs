using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Http;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>POST .../messages/batch</c> and <c>GET .../messages/tokens</c>.</summary>
internal static partial class MessageEndpoints
{
    private static void MapBatchAndTokens(RouteGroupBuilder messages)
    {
        messages.MapPost("/batch", AddBatchAsync).Accepts<NewMessageBatch>(ApiContentTypes.Json)
            .Produces<IReadOnlyList<ChatMessage>>(StatusCodes.Status201Created).WithName("AddMessageBatch")
            .WithDescription("Appends up to Storage:MaxMessagesPerBatch (default 100) messages, all or none, in one durable write; "
                + "answers them as stored, in the order given. A message whose client id is already stored is returned as stored, "
                + "so a retried batch returns what the first try stored. More messages than the limit: 413 naming it.");
        messages.MapGet("/tokens", TokensAsync).Produces<MessageTokenTotals>().WithName("CountMessageTokens")
            .WithDescription("The session's message count and the sum of its messages' token counts, with the encoding (Tokens:Encoding).");
    }

    private static async Task<IResult> AddBatchAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var batch = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.NewMessageBatch, rules.BatchJsonBody, "message batch of " + subject);
        var added = await grain.AddMessagesAsync(batch.Messages);
        var location = $"/users/{userId}/sessions/{sessionId}/messages?after={added.Min(m => m.Seq) - 1}&limit={added.Count}";
        return ApiResults.Created(context, location, added, ChatDbJsonContext.Default.IReadOnlyListChatMessage);
    }

    private static async Task<IResult> TokensAsync(string userId, string sessionId, IGrainFactory grains, ApiRules rules)
    {
        var totals = await SessionEndpoints.Session(grains, rules, userId, sessionId, out _).GetTokenTotalsAsync();
        return ApiResults.Ok(totals, ChatDbJsonContext.Default.MessageTokenTotals);
    }
}
